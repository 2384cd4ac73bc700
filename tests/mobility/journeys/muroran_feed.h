// SPDX-License-Identifier: Apache-2.0
// The Muroran GTFS-JP feed loaded once per test binary (loading takes a few
// hundred ms on a debug build), shared read-only by the tests that need it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "mobility/journeys/journey_planner.h"

namespace cityos::mobility::journeys {

inline journey_planner const& muroran_planner() {
  static std::unique_ptr<journey_planner> const planner = [] {
    auto p = load_journey_planner(std::string(CITYOS_SHARED_DIR) + "/data/gtfs/donanbus-muroran");
    if (!p.ok()) ADD_FAILURE() << p.err().detail;
    return p.ok() ? std::move(*p) : nullptr;
  }();
  return *planner;
}

}  // namespace cityos::mobility::journeys
