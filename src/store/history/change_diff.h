// SPDX-License-Identifier: Apache-2.0
// Turns one change of the entity store's feed into what the history records:
// the entity's identity and every attribute instance the write created or
// changed (compared per attribute and datasetId with the entity before), plus
// a deletion marker (value "urn:ngsi-ld:null", "deletedAt") for each instance
// the write removed. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/time.h"
#include "store/history/history.h"
#include "store/store.h"

namespace cityos::store {

struct change_record {
  std::string tenant;
  history_entity_info entity;
  // (attribute IRI, instance without instance_id), in entity order.
  std::vector<std::pair<std::string, history_instance>> instances;
};

// The record for `change`; `now` dates deletions (the feed carries no time).
change_record diff_change(entity_change const& change, epoch_ms now);

// A history instance for the stored attribute instance `body`: datasetId and
// times read from it (observedAt else modifiedAt; missing times: `fallback`).
history_instance make_history_instance(json::object body, epoch_ms fallback);

// The deletion marker replacing `body` (same type and datasetId), dated `at`.
history_instance make_deletion_marker(json::object const& body, epoch_ms at);

}  // namespace cityos::store
