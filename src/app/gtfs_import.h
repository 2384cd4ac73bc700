// SPDX-License-Identifier: Apache-2.0
// `cityos gtfs import FEED --broker URL`: loads a GTFS / GTFS-JP feed, turns its
// agencies, stations, stops and routes into Smart Data Models entities
// (mobility/gtfs/publish.h) and upserts them through the broker's public
// NGSI-LD API (POST /ngsi-ld/v1/entityOperations/upsert, batches of at most
// gtfs_settings::batch_size), like any other client.
#pragma once

#include <ostream>
#include <string>

#include "app/gtfs_command.h"

namespace cityos::app {

// Runs the import: progress lines to `progress`, the summary (entities per
// type, created/updated, errors) to `out`. Returns 0 when every entity was
// written, 1 when the feed cannot be opened or is not usable, the broker
// cannot be reached, or it rejects any entity or batch.
int run_gtfs_import(gtfs_settings const& s, std::ostream& out, std::ostream& progress);

// The default entity id prefix of a feed: its folder's or zip's name without extension.
std::string default_prefix(std::string const& feed_path);

}  // namespace cityos::app
