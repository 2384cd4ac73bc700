// SPDX-License-Identifier: Apache-2.0
// Input and output of `cityos flood backtest`: a gauge's readings as CSV
// ("time,level" per line; time ISO 8601 or epoch milliseconds; level in metres; an
// optional header line and blank lines are skipped), and the backtest report as text.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "safety/river/backtest.h"
#include "safety/river/danger.h"
#include "safety/river/station.h"

namespace cityos::safety::flood_watch {

// Parses the CSV text. Errors: bad_request naming the line ("line 7: 'abc' is not a time").
result<std::vector<river::reading>> parse_readings_csv(std::string_view text);

// The report as lines of text: counts, each crossing with its lead time, each false
// alarm, the mean lead.
std::string backtest_text(river::station const& s, river::backtest_report const& r);

// The comparison of a backtest of the own readings alone (`own`) with one that also
// replayed upstream gauges or rain (`routed`): per crossing both leads and the lead
// gained, the false alarms of each, and the mean lead gained.
std::string lead_gain_text(river::backtest_report const& own, river::backtest_report const& routed);

}  // namespace cityos::safety::flood_watch
