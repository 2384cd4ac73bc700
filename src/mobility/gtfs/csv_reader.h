// SPDX-License-Identifier: Apache-2.0
// An RFC 4180 CSV reader over a buffer the caller keeps alive: a UTF-8 byte-order
// mark is skipped, quoted fields may hold commas, line breaks and doubled quotes,
// lines end in LF, CRLF or CR, blank lines are skipped. Not thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cityos::mobility::gtfs {

class csv_reader {
 public:
  explicit csv_reader(std::string_view data);

  // Reads the next record; false at the end of the data. After a false return
  // the fields are empty. A record with a syntax error (an unterminated quote,
  // text after a closing quote) is still returned, with syntax_error() set.
  bool next();

  std::size_t size() const { return count_; }
  // The i-th field of the current record, unquoted; empty if i >= size().
  std::string_view field(std::size_t i) const {
    return i < count_ ? std::string_view(fields_[i]) : std::string_view();
  }
  // 1-based line on which the current record starts.
  std::size_t line() const { return record_line_; }
  // Empty, or what is wrong with the current record's syntax.
  std::string const& syntax_error() const { return syntax_error_; }

 private:
  std::string& begin_field();
  void read_quoted(std::string& out);
  void read_plain(std::string& out);
  bool at_line_end() const;
  void consume_line_end();

  std::string_view data_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
  std::vector<std::string> fields_;  // reused between records: no allocation per row
  std::size_t count_ = 0;
  std::string syntax_error_;
};

}  // namespace cityos::mobility::gtfs
