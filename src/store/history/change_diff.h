// SPDX-License-Identifier: Apache-2.0
// Turns one change of the entity store's feed into what the history records:
// the entity's identity and every attribute instance the write created or
// changed (compared per attribute and datasetId with the entity before), plus
// a deletion marker (value "urn:ngsi-ld:null", "deletedAt") for each instance
// the write removed. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/time.h"
#include "store/history/history.h"
#include "store/store.h"

namespace cityos::store {

// One attribute instance as the history writes it: its times, its numeric
// value if it has one, and its stored form as JSON text.
struct instance_row {
  std::string dataset_id;  // "" for the default instance
  epoch_ms observed_at = 0;
  epoch_ms created_at = 0;
  epoch_ms modified_at = 0;
  std::optional<epoch_ms> deleted_at;  // set: a deletion marker
  std::optional<double> number;        // "value" when it is a number (never for a marker)
  std::string body;                    // the instance's JSON text
};

struct change_record {
  std::string tenant;
  history_entity_info entity;
  // The store had no such entity before this write (a create): its history
  // row is most likely new too (unless it was deleted and made again).
  bool created = false;
  // (attribute IRI, instance), in entity order.
  std::vector<std::pair<std::string, instance_row>> instances;
};

// The record for `change`; `now` dates deletions (the feed carries no time).
// It holds no reference into `change`.
change_record diff_change(entity_change const& change, epoch_ms now);

// The row for the stored attribute instance `body`: datasetId and times read
// from it (observedAt else modifiedAt; missing times: `fallback`).
instance_row make_instance_row(json::object const& body, epoch_ms fallback);

// The deletion marker replacing `body` (same type and datasetId), dated `at`.
instance_row make_deletion_marker(json::object const& body, epoch_ms at);

}  // namespace cityos::store
