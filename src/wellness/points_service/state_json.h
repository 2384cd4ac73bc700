// SPDX-License-Identifier: Apache-2.0
// The JSON answers of the points API built from a person's state.
#pragma once

#include <string>

#include "common/json.h"
#include "wellness/points/programme.h"
#include "wellness/points/rules.h"
#include "wellness/points_service/person_state.h"

namespace cityos::wellness::points_service {

// {"person", "age", "ward", "joined", "enrolled"}
json::object participant_json(std::string const& person, person_state const& s);
// {"person", "programme", "balance", "yen", "awarded", "redeemed", "expired", "adjusted"}
json::object balance_json(std::string const& person, person_state const& s, programme const& p);
// One day: {"date", "steps", "countedSteps", "method", "revision", "points", "awards", "flags", "review", "hourly"?}
json::object day_json(std::string const& date, day_record const& d);
// {"person", "days": [...], "events": [...]}
json::object uploads_json(std::string const& person, person_state const& s);
// [{"rule", "points", "reason"}] of an evaluation.
json::array awards_json(evaluation const& e);
// [{"reason", "detail"}] of an evaluation's flags.
json::array flags_json(evaluation const& e);

}  // namespace cityos::wellness::points_service
