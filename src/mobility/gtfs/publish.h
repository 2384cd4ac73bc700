// SPDX-License-Identifier: Apache-2.0
// A loaded feed as NGSI-LD entities of the Smart Data Models GTFS types
// (dataModel.UrbanMobility), in normalized form, ready to POST to
// /ngsi-ld/v1/entityOperations/upsert. One entity per GTFS record:
//   agency                   -> GtfsAgency  agencyName, page, timezone, language, phone
//   stops, location_type 1   -> GtfsStation name, code, description, location, page,
//                                           zoneCode, wheelChairAccessible, hasStop
//   other stops              -> GtfsStop    same, plus hasParentStation, operatedBy
//                                           (the agencies of the routes serving it)
//   routes                   -> GtfsRoute   name (long name), shortName, description,
//                                           routeType, routeColor, routeTextColor,
//                                           routeSortOrder, page, operatedBy
// Ids are urn:ngsi-ld:<Type>:<prefix>:<GTFS id> (both percent-encoded
// outside [A-Za-z0-9._~-]; an empty id becomes "default"). Names with
// translations are LanguageProperty {"languageMap": {<feed lang>: original,
// <lang>: translation ...}}, otherwise Property. Empty GTFS fields are left out.
// Attributes carry no @context: the caller chooses one (or the core context).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "mobility/gtfs/feed.h"

namespace cityos::mobility::gtfs {

struct publish_options {
  std::string prefix;  // id namespace of this feed, e.g. "donanbus-muroran"
  std::string source;  // "source" URL of every entity; empty: feed_info's publisher URL, if any
};

struct published_feed {
  std::vector<json::object> entities;  // agencies, then stations, stops, routes
  std::size_t agencies = 0, stations = 0, stops = 0, routes = 0;
};

// The entity id of GTFS record `gtfs_id` as entity type `type` ("GtfsStop" ...).
std::string gtfs_entity_id(std::string_view type, std::string_view prefix, std::string_view gtfs_id);

// The entities of every agency, stop and route of `f`. Pure; does not fail.
published_feed publish_feed(feed const& f, publish_options const& options);

}  // namespace cityos::mobility::gtfs
