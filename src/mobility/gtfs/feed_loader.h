// SPDX-License-Identifier: Apache-2.0
// Loads a GTFS / GTFS-JP feed from a folder or .zip into a `feed`. Rows with an
// error are skipped and reported (file, line, field); the rest loads. Missing
// required files (agency, stops, routes, trips, stop_times, and calendar or
// calendar_dates) and unreadable files are fatal: the feed is then not usable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "common/result.h"
#include "mobility/gtfs/diagnostics.h"
#include "mobility/gtfs/feed.h"

namespace cityos::mobility::gtfs {

// Called with the file being read and the rows read so far: every
// `progress_every` rows and once when the file is done.
using progress_fn = std::function<void(std::string_view file, std::size_t rows)>;

struct load_options {
  progress_fn progress;
  std::size_t progress_every = 100'000;
  std::size_t keep_issues_per_kind = 100;
  // >= 0 (days since 1970-01-01): every calendar.txt row ending earlier runs on
  // to this date, keeping its weekdays (a demo playing an expired feed today).
  std::int32_t extend_calendars_to = -1;
};

struct file_stats {
  std::size_t rows = 0;     // data rows read (header excluded)
  std::size_t skipped = 0;  // rows dropped because of an error
};

struct load_result {
  feed data;
  diagnostics report;
  std::map<std::string, file_stats> files;  // only files present in the feed

  // True if nothing fatal happened and the feed has stops, routes, trips and stop_times.
  bool usable() const;
};

// Reads the feed at `path` (directory or .zip). Errors only when the path
// cannot be opened (not_found, bad_request); everything inside the feed is
// reported in load_result::report.
result<load_result> load_feed(std::filesystem::path const& path, load_options const& options = {});

}  // namespace cityos::mobility::gtfs
