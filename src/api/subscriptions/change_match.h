// SPDX-License-Identifier: Apache-2.0
// Decides whether an entity change concerns a subscription: which triggers
// the change raises (entityCreated, attributeUpdated, ...), restricted to the
// watched attributes, and whether the entity passes the subscription's
// entities, q, geoQ and scopeQ. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "api/subscriptions/subscription.h"
#include "store/store.h"

namespace cityos::api {

// What one entity change did, computed once and shared by every subscription.
struct change_summary {
  bool entity_created = false;
  bool entity_deleted = false;
  bool entity_changed = false;           // anything differs (also scope or types)
  std::vector<std::string> created;      // attribute IRIs new in `after`
  std::vector<std::string> updated;      // attribute IRIs in both, instances differ
  std::vector<std::string> deleted;      // attribute IRIs gone from `after`
};

change_summary summarize(store::entity_change const& c);

// True if entity `e` (stored form) matches one of `s.entities` (or there are none).
bool selects_entity(subscription const& s, json::object const& e);

// True if change `c` (summarized in `sum`) raises a trigger `s` asks for,
// involving a watched attribute, on an entity `s` selects.
bool concerns(subscription const& s, store::entity_change const& c, change_summary const& sum);

}  // namespace cityos::api
