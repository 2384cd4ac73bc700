// SPDX-License-Identifier: Apache-2.0
// The text validation report of `cityos gtfs check`: rows per file, then the
// first issues of each kind with their totals, then a verdict line.
#pragma once

#include <cstddef>
#include <ostream>

#include "mobility/gtfs/feed_loader.h"

namespace cityos::mobility::gtfs {

// Writes the report of `r` to `out`, listing at most `max_per_kind` issues of each kind.
void write_check_report(load_result const& r, std::size_t max_per_kind, std::ostream& out);

}  // namespace cityos::mobility::gtfs
