// SPDX-License-Identifier: Apache-2.0
// Private to mobility/planner: the multi-criteria search behind plan() when
// search_options::fares is set (see raptor.h). Arguments already validated.
#pragma once

#include <vector>

#include "mobility/planner/raptor.h"

namespace cityos::mobility::planner::detail {

std::vector<journey> plan_with_fares(timetable const& tt, query const& q, search_options const& options);

}  // namespace cityos::mobility::planner::detail
