// SPDX-License-Identifier: Apache-2.0
// The NGSI-LD Subscription data type (GS CIM 009 v1.9.1, 5.2.12): parsed from
// the JSON a client sends, validated, and kept in two forms: `doc`, the JSON as
// the client wrote it (terms compacted with its @context), which is what is
// stored and returned; and the expanded fields below, which matching and
// notification use. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/ngsild/entity_filter.h"
#include "common/json.h"
#include "common/result.h"
#include "common/time.h"
#include "ngsild/entity/entity_render.h"
#include "ngsild/jsonld/context.h"
#include "ngsild/query/id_pattern.h"
#include "ngsild/query/type_expression.h"

namespace cityos::api {

// What kind of change a subscription reacts to (notificationTrigger).
enum class trigger : std::uint8_t {
  entity_created = 1 << 0,
  entity_updated = 1 << 1,
  entity_deleted = 1 << 2,
  attribute_created = 1 << 3,
  attribute_updated = 1 << 4,
  attribute_deleted = 1 << 5,
};
using trigger_set = std::uint8_t;  // bitwise OR of trigger values

// One element of "entities": the entity matches when every given part does.
struct entity_selector {
  std::optional<std::string> id;
  std::optional<ngsild::id_pattern> id_pattern;
  ngsild::type_expression types;
};

struct notification_endpoint {
  std::string uri;                 // http://... or mqtt://host:port/topic
  std::string accept = "application/json";  // or application/ld+json
  std::vector<std::pair<std::string, std::string>> receiver_info;  // sent as headers
  std::vector<std::pair<std::string, std::string>> notifier_info;  // MQTT-QoS, MQTT-Version
};

struct subscription {
  std::string id;
  std::string tenant;
  json::object doc;               // as the client wrote it (plus isActive), no @context
  json::value context_value;      // the @context it was written with (null: core)
  std::shared_ptr<ngsild::context const> ctx;  // that context, resolved
  std::optional<std::string> jsonld_context;   // "jsonldContext": @context of notifications

  std::vector<entity_selector> entities;       // empty: any entity
  std::vector<std::string> watched;            // expanded; empty: all attributes
  trigger_set triggers = 0;
  std::shared_ptr<entity_filter const> filter;  // q, geoQ, scopeQ (no entity selection)
  ngsild::render_options render;                // format, sysAttrs, lang, attributes, pick/omit
  bool show_changes = false;
  notification_endpoint endpoint;
  std::optional<double> time_interval_s;        // periodic subscription
  std::optional<double> throttling_s;
  std::optional<epoch_ms> expires_at;
  bool active = true;                           // isActive
  // Who created it, when access control is on (auth::owner_doc); empty: nobody.
  // Notifications carry only what the owner may read at delivery time.
  json::object owner;

  bool periodic() const { return time_interval_s.has_value(); }
  // "active", "paused" or "expired" at `now`.
  std::string_view status(epoch_ms now) const;
  // True when the subscription asks for notifications of trigger `t`.
  bool wants(trigger t) const { return (triggers & static_cast<trigger_set>(t)) != 0; }
};

// Parses and validates a Subscription. `body` has no "@context" (the caller
// took it into `context_value`/`ctx`); a PATCH is validated by parsing the
// merged document (merge_subscription_doc). Errors: bad_request naming the
// offending member.
result<subscription> parse_subscription(json::object body, std::string tenant,
                                        json::value context_value,
                                        std::shared_ptr<ngsild::context const> ctx);

// Merges a PATCH fragment into `doc`: members replace members, except that
// "notification" and its "endpoint" merge member by member; null removes.
// Errors: bad_request (id or type changed, fragment member of a wrong type).
result<json::object> merge_subscription_doc(json::object const& doc, json::object const& fragment);

}  // namespace cityos::api
