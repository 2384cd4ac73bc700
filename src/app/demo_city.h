// SPDX-License-Identifier: Apache-2.0
// The demo city of `cityos serve --demo`: Muroran, Hokkaido (docs/demo.md).
// demo_city_dir() finds its data (data/muroran); load_demo_city() upserts its
// static entities into an empty store at the first start, through the public
// API (batch upserts through the router), as a city's data would: the Donan
// Bus agency, stops, stations and routes of the GTFS feed (prefix
// "donanbus-muroran"). The simulator (src/sim/) writes everything that moves.
#pragma once

#include <filesystem>

#include "api/router.h"
#include "common/result.h"

namespace cityos::app {

// data/muroran of the working directory, else of the source tree the binary
// was built in. Errors: not_found when neither has a gtfs/ folder.
result<std::filesystem::path> demo_city_dir();

// Upserts the demo entities of `dir` (demo_city_dir()) through `r`. Idempotent.
// Errors: those of loading the feed; internal if the broker rejects them (a bug).
result<void> load_demo_city(api::router const& r, std::filesystem::path const& dir);

}  // namespace cityos::app
