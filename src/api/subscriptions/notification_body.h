// SPDX-License-Identifier: Apache-2.0
// Builds what a notification carries: each changed entity rendered the way
// the subscription asks (format, attributes, sysAttrs, lang, pick/omit), with
// deleted attributes and entities marked by the "urn:ngsi-ld:null" value and
// "deletedAt", and with showChanges' previous values; and the Notification
// object that wraps them. Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "api/subscriptions/change_match.h"
#include "api/subscriptions/subscription.h"
#include "common/json.h"
#include "ngsild/jsonld/context.h"
#include "store/store.h"

namespace cityos::api {

// The null marker of NGSI-LD: the value of a deleted attribute in notifications.
inline constexpr std::string_view kNullMarker = "urn:ngsi-ld:null";

// Renders the entity of `c` for `s`, compacting names with `ctx`. `now` is
// the ISO 8601 time of the deletion for "deletedAt".
json::object render_change(subscription const& s, ngsild::context const& ctx,
                           store::entity_change const& c, change_summary const& sum,
                           std::string_view now);

// Renders a current entity (periodic notifications).
json::object render_current(subscription const& s, ngsild::context const& ctx,
                            json::object const& stored);

// {"id": "urn:ngsi-ld:Notification:<uuid>", "type": "Notification",
//  "subscriptionId", "notifiedAt": now, "data": data}.
json::object make_notification(std::string_view subscription_id, std::string_view now,
                               json::array data);

}  // namespace cityos::api
