// SPDX-License-Identifier: Apache-2.0
// Owns the subscriptions of every tenant: keeps them durable in the store
// (document collection "subscriptions"), listens to the store's change feed,
// matches each change against the subscriptions (indexed by entity type),
// sends periodic (timeInterval) notifications, applies throttling and
// expiry, and hands notifications to `delivery`. Keeps each subscription's
// notification status (timesSent, timesFailed, lastSuccess, ...).
//
// Writes only enqueue: matching and rendering run on the registry's own
// thread, sending on the delivery threads. A change that arrives while the
// matcher is behind waits in an unbounded in-memory queue (never dropped);
// an endpoint queue that overflows refuses the notification, and the loss is
// counted in the subscription's "timesDropped" and in delivery totals.
// Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/subscriptions/delivery.h"
#include "api/subscriptions/subscription.h"
#include "common/result.h"
#include "ngsild/jsonld/context_resolver.h"
#include "store/store.h"

namespace cityos::auth {
class access;
}

namespace cityos::api {

// The current access of the owner (subscription::owner) of subscription
// `id`, or null when the owner may read nothing any more (revoked key).
using owner_access_fn =
    std::function<std::shared_ptr<auth::access const>(json::object const& owner, std::string_view id)>;

struct subscription_registry_options {
  delivery_options delivery;
  owner_access_fn owner_access;  // empty: owners are not checked (access control off)
  std::size_t max_periodic_entities = 1000;  // data entries of one periodic notification
};

// Counters over all subscriptions, for metrics.
struct subscription_totals {
  std::size_t subscriptions = 0;
  std::uint64_t notifications = 0;   // handed to delivery
  std::uint64_t dropped = 0;         // refused by a full endpoint queue
  std::uint64_t throttled = 0;       // skipped by throttling
  std::size_t pending_changes = 0;   // changes waiting for the matcher
  delivery_totals delivery;
};

class subscription_registry {
 public:
  // `mqtt` publishes MQTT notifications; may be empty.
  subscription_registry(store::store& store, ngsild::context_resolver& contexts,
                        subscription_registry_options options, mqtt_publisher mqtt);
  ~subscription_registry();
  subscription_registry(subscription_registry const&) = delete;
  subscription_registry& operator=(subscription_registry const&) = delete;

  // Loads the stored subscriptions, subscribes to the change feed and starts
  // the matcher thread. Call once, before the store takes writes from others.
  // Subscriptions whose @context can no longer be resolved are skipped with
  // a warning. Errors: none so far (reserved).
  result<void> start();
  // Stops the matcher and the senders; pending notifications are not sent.
  void stop();

  // Adds `s` (its id generated when empty). Returns the id and the commit
  // seq that makes it durable. Errors: already_exists.
  result<std::pair<std::string, store::commit_seq>> create(subscription s);
  // The subscription as the API shows it (doc + status members), or not_found.
  result<json::object> get(std::string_view tenant, std::string_view id) const;
  // A page of the tenant's subscriptions in id order, and their total.
  std::pair<std::vector<json::object>, std::size_t> list(std::string_view tenant,
                                                         std::size_t offset,
                                                         std::size_t limit) const;
  // The current definition (to merge a PATCH into), or not_found.
  result<subscription> definition(std::string_view tenant, std::string_view id) const;
  // Replaces the definition of an existing subscription (status kept).
  // Errors: not_found.
  result<store::commit_seq> replace(subscription s);
  // Errors: not_found.
  result<store::commit_seq> remove(std::string_view tenant, std::string_view id);
  // True if the tenant has subscriptions.
  bool has_tenant(std::string_view tenant) const;

  subscription_totals totals() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cityos::api
