// SPDX-License-Identifier: Apache-2.0
// One GTFS file read row by row with typed, checked field access. Every problem
// is reported with file, line and column; a row with an error is marked bad,
// and counted as skipped when the reader moves on. Private to mobility/gtfs.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "mobility/gtfs/csv_reader.h"
#include "mobility/gtfs/feed_loader.h"

namespace cityos::mobility::gtfs::detail {

class table_reader {
 public:
  // Reads the header of `data`; `file` names it in reports ("stops.txt").
  table_reader(std::string file, std::string_view data, diagnostics& report, file_stats& stats,
               load_options const& options);

  // Column index of `name`, -1 if the file has no such column.
  int column(std::string_view name) const;
  // Reports each missing column as an error; false if any is missing (the
  // caller then skips the whole file).
  bool require_columns(std::initializer_list<std::string_view> names);

  // Moves to the next data row; false at the end.
  bool next();
  bool row_ok() const { return row_ok_; }
  std::size_t line() const { return csv_.line(); }

  // The trimmed field, empty if the column is absent.
  std::string_view text(int col) const;
  // As text(); reports "<name> is required" if empty.
  std::string_view required(int col);
  // Integer in [lo, hi]; `dflt` if empty (or reports "required" if `need`).
  std::int64_t integer(int col, std::int64_t dflt, std::int64_t lo, std::int64_t hi, bool need = false);
  double real(int col, double dflt, double lo, double hi, bool need = false);
  // Seconds after midnight; -1 if empty (reports "required" if `need`).
  std::int32_t time(int col, bool need);
  // Days since epoch; -1 if empty (reports "required" if `need`).
  std::int32_t date(int col, bool need);

  // Reports a problem in this row's `col`; an error also marks the row bad.
  void error(int col, std::string kind, std::string message);
  void warning(int col, std::string kind, std::string message);
  // Reports a problem found after the row was read (e.g. a forward reference).
  void report_at(severity level, std::size_t line, std::string field, std::string kind, std::string message);
  // Reports a problem about the file as a whole (line 0).
  void file_error(std::string kind, std::string message);

  std::string const& file() const { return file_; }
  std::string column_name(int col) const;

 private:
  void report(severity level, int col, std::string kind, std::string message);

  std::string file_;
  csv_reader csv_;
  diagnostics& report_;
  file_stats& stats_;
  load_options const& options_;
  std::vector<std::string> header_;
  bool row_ok_ = true;
  bool in_row_ = false;
};

}  // namespace cityos::mobility::gtfs::detail
