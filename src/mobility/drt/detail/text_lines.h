// SPDX-License-Identifier: Apache-2.0
// Reading benchmark text files line by line for the instance and solution
// readers: whole file in memory, lines split on blanks, tabs and CR, numbers
// parsed with the line number kept for error messages. Pure functions.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace cityos::mobility::drt::detail {

// One non-blank line of a file: its 1-based number and its fields.
struct text_line {
  std::size_t number = 0;
  std::string raw;  // the line without its line end
  std::vector<std::string> fields;
};

struct text_file {
  std::string name;              // the path as given, for messages
  std::vector<text_line> lines;  // non-blank lines only
};

// Reads the whole file at `path`; not_found if it cannot be opened.
result<std::string> read_file_text(std::filesystem::path const& path);
// Reads and splits `path`; not_found if it cannot be opened.
result<text_file> read_text_file(std::filesystem::path const& path);
// Splits `text` into lines; `name` is used in messages.
text_file split_text(std::string name, std::string_view text);
// Splits one line into fields separated by blanks, tabs or CR.
std::vector<std::string> split_fields(std::string_view line);

// Parses field `i` of `line` as a finite number or an integer; bad_request
// naming file, line and field on failure.
result<double> number_field(text_file const& f, text_line const& line, std::size_t i, std::string_view what);
result<long> integer_field(text_file const& f, text_line const& line, std::size_t i, std::string_view what);
// "FILE:LINE: message" as a bad_request error.
error line_error(text_file const& f, std::size_t line, std::string const& message);

}  // namespace cityos::mobility::drt::detail
