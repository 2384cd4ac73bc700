// SPDX-License-Identifier: Apache-2.0
#include "mobility/gtfs/detail/table_reader.h"

#include <charconv>
#include <cstdlib>

#include "mobility/gtfs/time_parse.h"

namespace cityos::mobility::gtfs::detail {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string quoted(std::string_view v) { return "'" + std::string(v) + "'"; }

}  // namespace

table_reader::table_reader(std::string file, std::string_view data, diagnostics& report,
                           file_stats& stats, load_options const& options)
    : file_(std::move(file)), csv_(data), report_(report), stats_(stats), options_(options) {
  if (!csv_.next()) {
    file_error("empty_file", "the file is empty (no header)");
    return;
  }
  for (std::size_t i = 0; i < csv_.size(); ++i) {
    auto name = std::string(trim(csv_.field(i)));
    if (column(name) >= 0) this->report(severity::warning, -1, "duplicate_column", "column " + name + " appears twice");
    header_.push_back(std::move(name));
  }
}

int table_reader::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return static_cast<int>(i);
  return -1;
}

std::string table_reader::column_name(int col) const {
  return col >= 0 && static_cast<std::size_t>(col) < header_.size() ? header_[col] : std::string();
}

bool table_reader::require_columns(std::initializer_list<std::string_view> names) {
  bool ok = !header_.empty();
  for (auto n : names) {
    if (header_.empty() || column(n) >= 0) continue;
    file_error("missing_column", "required column " + std::string(n) + " is missing; file skipped");
    ok = false;
  }
  return ok;
}

bool table_reader::next() {
  if (in_row_ && !row_ok_) ++stats_.skipped;
  if (header_.empty() || !csv_.next()) {
    if (in_row_ && options_.progress) options_.progress(file_, stats_.rows);
    in_row_ = false;
    return false;
  }
  in_row_ = true;
  row_ok_ = true;
  ++stats_.rows;
  if (options_.progress && options_.progress_every > 0 && stats_.rows % options_.progress_every == 0)
    options_.progress(file_, stats_.rows);
  if (!csv_.syntax_error().empty()) error(-1, "csv_syntax", csv_.syntax_error());
  return true;
}

std::string_view table_reader::text(int col) const {
  return col < 0 ? std::string_view() : trim(csv_.field(static_cast<std::size_t>(col)));
}

std::string_view table_reader::required(int col) {
  auto const v = text(col);
  if (v.empty()) error(col, "missing_value", column_name(col) + " is required");
  return v;
}

std::int64_t table_reader::integer(int col, std::int64_t dflt, std::int64_t lo, std::int64_t hi, bool need) {
  auto const v = need ? required(col) : text(col);
  if (v.empty()) return dflt;
  std::int64_t x = 0;
  auto const [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || p != v.data() + v.size()) {
    error(col, "bad_number", column_name(col) + " " + quoted(v) + " is not an integer");
    return dflt;
  }
  if (x < lo || x > hi) {
    error(col, "out_of_range", column_name(col) + " " + quoted(v) + " is not between " +
                                   std::to_string(lo) + " and " + std::to_string(hi));
    return dflt;
  }
  return x;
}

double table_reader::real(int col, double dflt, double lo, double hi, bool need) {
  auto const v = need ? required(col) : text(col);
  if (v.empty()) return dflt;
  std::string const s(v);
  char* end = nullptr;
  double const x = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) {
    error(col, "bad_number", column_name(col) + " " + quoted(v) + " is not a number");
    return dflt;
  }
  if (!(x >= lo && x <= hi)) {
    error(col, "out_of_range", column_name(col) + " " + quoted(v) + " is out of range");
    return dflt;
  }
  return x;
}

std::int32_t table_reader::time(int col, bool need) {
  auto const v = need ? required(col) : text(col);
  if (v.empty()) return -1;
  auto const t = parse_time(v);
  if (!t) {
    error(col, "bad_time", column_name(col) + " " + quoted(v) + " is not a time");
    return -1;
  }
  return *t;
}

std::int32_t table_reader::date(int col, bool need) {
  auto const v = need ? required(col) : text(col);
  if (v.empty()) return -1;
  auto const d = parse_date(v);
  if (!d) {
    error(col, "bad_date", column_name(col) + " " + quoted(v) + " is not a YYYYMMDD date");
    return -1;
  }
  return *d;
}

void table_reader::report(severity level, int col, std::string kind, std::string message) {
  issue i{level, std::move(kind), file_, in_row_ ? csv_.line() : 0, column_name(col), std::move(message)};
  report_.add(std::move(i));
}

void table_reader::error(int col, std::string kind, std::string message) {
  row_ok_ = false;
  report(severity::error, col, std::move(kind), std::move(message));
}

void table_reader::warning(int col, std::string kind, std::string message) {
  report(severity::warning, col, std::move(kind), std::move(message));
}

void table_reader::report_at(severity level, std::size_t line, std::string field, std::string kind,
                             std::string message) {
  report_.add(issue{level, std::move(kind), file_, line, std::move(field), std::move(message)});
}

void table_reader::file_error(std::string kind, std::string message) {
  report_.add(issue{severity::error, std::move(kind), file_, 0, {}, std::move(message)});
}

}  // namespace cityos::mobility::gtfs::detail
