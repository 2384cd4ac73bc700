// SPDX-License-Identifier: Apache-2.0
#include "mobility/gtfs/csv_reader.h"

namespace cityos::mobility::gtfs {

csv_reader::csv_reader(std::string_view data) : data_(data) {
  if (data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool csv_reader::at_line_end() const {
  return pos_ < data_.size() && (data_[pos_] == '\n' || data_[pos_] == '\r');
}

void csv_reader::consume_line_end() {
  if (data_[pos_] == '\r' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

std::string& csv_reader::begin_field() {
  if (count_ == fields_.size()) fields_.emplace_back();
  std::string& f = fields_[count_++];
  f.clear();
  return f;
}

void csv_reader::read_quoted(std::string& out) {
  std::size_t const start_line = line_;
  ++pos_;  // opening quote
  while (pos_ < data_.size()) {
    char const c = data_[pos_];
    if (c == '"') {
      if (pos_ + 1 < data_.size() && data_[pos_ + 1] == '"') {
        out.push_back('"');
        pos_ += 2;
        continue;
      }
      ++pos_;  // closing quote
      if (pos_ < data_.size() && data_[pos_] != ',' && !at_line_end()) {
        if (syntax_error_.empty()) syntax_error_ = "text after a closing quote";
        read_plain(out);
      }
      return;
    }
    if (c == '\n' || (c == '\r' && !(pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n'))) ++line_;
    out.push_back(c);
    ++pos_;
  }
  if (syntax_error_.empty())
    syntax_error_ = "quoted field opened on line " + std::to_string(start_line) + " is never closed";
}

void csv_reader::read_plain(std::string& out) {
  std::size_t const start = pos_;
  while (pos_ < data_.size() && data_[pos_] != ',' && data_[pos_] != '\n' && data_[pos_] != '\r')
    ++pos_;
  out.append(data_.substr(start, pos_ - start));
}

bool csv_reader::next() {
  count_ = 0;
  syntax_error_.clear();
  while (at_line_end()) consume_line_end();  // blank lines
  if (pos_ >= data_.size()) return false;
  record_line_ = line_;
  for (;;) {
    std::string& f = begin_field();
    if (data_[pos_] == '"') {
      read_quoted(f);
    } else {
      read_plain(f);
    }
    if (pos_ >= data_.size()) break;
    if (data_[pos_] == ',') {
      ++pos_;
      if (pos_ >= data_.size() || at_line_end()) begin_field();  // trailing empty field
      else continue;
    }
    if (pos_ < data_.size() && at_line_end()) consume_line_end();
    break;
  }
  return true;
}

}  // namespace cityos::mobility::gtfs
