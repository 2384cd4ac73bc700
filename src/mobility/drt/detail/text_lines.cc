// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/detail/text_lines.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace cityos::mobility::drt::detail {

result<std::string> read_file_text(std::filesystem::path const& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec))
    return make_error(error_code::not_found, path.string() + ": cannot open file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

result<text_file> read_text_file(std::filesystem::path const& path) {
  auto text = read_file_text(path);
  if (!text) return std::move(text).err();
  return split_text(path.string(), *text);
}

text_file split_text(std::string name, std::string_view text) {
  text_file out;
  out.name = std::move(name);
  std::size_t number = 0, pos = 0;
  while (pos < text.size()) {
    std::size_t const end = std::min(text.find('\n', pos), text.size());
    ++number;
    auto line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto fields = split_fields(line);
    if (!fields.empty()) out.lines.push_back({number, std::string(line), std::move(fields)});
    pos = end + 1;
  }
  return out;
}

std::vector<std::string> split_fields(std::string_view line) {
  std::vector<std::string> fields;
  auto const blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && blank(line[i])) ++i;
    std::size_t const start = i;
    while (i < line.size() && !blank(line[i])) ++i;
    if (i > start) fields.emplace_back(line.substr(start, i - start));
  }
  return fields;
}

error line_error(text_file const& f, std::size_t line, std::string const& message) {
  return make_error(error_code::bad_request, f.name + ":" + std::to_string(line) + ": " + message);
}

result<double> number_field(text_file const& f, text_line const& line, std::size_t i, std::string_view what) {
  if (i >= line.fields.size())
    return line_error(f, line.number, "missing field " + std::to_string(i + 1) + " (" + std::string(what) + ")");
  std::string const& s = line.fields[i];
  double v = 0;
  auto const [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v))
    return line_error(f, line.number, std::string(what) + " '" + s + "' is not a number");
  return v;
}

result<long> integer_field(text_file const& f, text_line const& line, std::size_t i, std::string_view what) {
  auto v = number_field(f, line, i, what);
  if (!v) return std::move(v).err();
  if (*v != std::floor(*v) || std::abs(*v) > 1e15)
    return line_error(f, line.number, std::string(what) + " '" + line.fields[i] + "' is not an integer");
  return static_cast<long>(*v);
}

}  // namespace cityos::mobility::drt::detail
