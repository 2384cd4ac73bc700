// SPDX-License-Identifier: Apache-2.0
// What a feed import found wrong: each issue names file, line and field. Keeps
// the first issues of each kind (a broken feed can have millions) and counts
// all of them. Not thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace cityos::mobility::gtfs {

enum class severity { warning, error };

struct issue {
  severity level = severity::error;
  std::string kind;     // short class of problem: "bad_time", "unknown_reference", ...
  std::string file;     // "stop_times.txt"
  std::size_t line = 0; // 1-based; 0: the file as a whole
  std::string field;    // column name; empty: the row or file as a whole
  std::string message;  // "arrival_time '25:61:00' is not a time"

  // "stop_times.txt:1234: arrival_time '25:61:00' is not a time"
  std::string to_string() const;
};

class diagnostics {
 public:
  explicit diagnostics(std::size_t keep_per_kind = 100) : keep_per_kind_(keep_per_kind) {}

  void add(issue i);
  // A problem that makes the feed unusable (missing required file, unreadable archive).
  void add_fatal(issue i);

  // The kept issues in the order they were found (at most keep_per_kind per kind).
  std::vector<issue> const& kept() const { return kept_; }
  // Total count per (severity, kind), including issues not kept.
  std::map<std::pair<severity, std::string>, std::size_t> const& totals() const { return totals_; }
  std::size_t errors() const { return errors_; }
  std::size_t warnings() const { return warnings_; }
  bool fatal() const { return fatal_; }

 private:
  std::size_t keep_per_kind_;
  std::vector<issue> kept_;
  std::map<std::pair<severity, std::string>, std::size_t> totals_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
  bool fatal_ = false;
};

}  // namespace cityos::mobility::gtfs
