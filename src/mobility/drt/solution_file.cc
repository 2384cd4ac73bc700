// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/solution_file.h"

#include <unordered_map>

#include "mobility/drt/detail/text_lines.h"

namespace cityos::mobility::drt {
namespace {

using detail::line_error;
using detail::text_file;
using detail::text_line;

std::string trim(std::string_view s) {
  auto const blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// Parses `Route k : labels...`; appends to out.routes unless empty.
// Leaves the route number itself in route::vehicle; sets `zero_based` if it is 0.
result<void> parse_route(text_file const& f, text_line const& line,
                         std::unordered_map<std::string, node_index> const& by_label, solution& out, bool& zero_based) {
  auto const colon = line.raw.find(':');
  if (colon == std::string::npos) return line_error(f, line.number, "expected 'Route k : tasks'");
  auto const number = detail::split_fields(std::string_view(line.raw).substr(0, colon));
  long k = 0;
  if (number.size() != 2 || number[1].find_first_not_of("0123456789") != std::string::npos || number[1].size() > 9 ||
      (k = std::stol(number[1])) < 0)
    return line_error(f, line.number, "expected 'Route k :' with a number k");
  zero_based = zero_based || k == 0;
  route r;
  r.vehicle = static_cast<std::uint32_t>(k);
  for (auto const& label : detail::split_fields(std::string_view(line.raw).substr(colon + 1))) {
    auto const it = by_label.find(label);
    if (it == by_label.end()) return line_error(f, line.number, "task '" + label + "' is not in the instance");
    r.stops.push_back(it->second);
  }
  if (!r.stops.empty()) out.routes.push_back(std::move(r));
  return {};
}

result<void> parse_unserved(text_file const& f, text_line const& line, problem const& p, solution& out) {
  std::unordered_map<std::string, std::uint32_t> by_id;
  for (std::uint32_t i = 0; i < p.requests.size(); ++i) by_id.emplace(p.requests[i].id, i);
  auto const colon = line.raw.find(':');
  for (auto const& id : detail::split_fields(std::string_view(line.raw).substr(colon + 1))) {
    auto const it = by_id.find(id);
    if (it == by_id.end()) return line_error(f, line.number, "request '" + id + "' is not in the instance");
    out.unserved.push_back(it->second);
  }
  return {};
}

bool is_unserved_line(text_line const& line) {
  return line.fields.size() >= 2 && line.fields[0] == "#" && line.fields[1] == "Unserved" &&
         line.raw.find(':') != std::string::npos;
}

}  // namespace

result<solution_file> parse_solution(std::string_view text, problem const& p, std::string const& source) {
  text_file const f = detail::split_text(source, text);
  std::unordered_map<std::string, node_index> by_label;
  for (node_index i = 0; i < p.nodes.size(); ++i) by_label.emplace(p.nodes[i].label, i);
  solution_file out;
  bool in_routes = false, zero_based = false;
  for (auto const& line : f.lines) {
    if (is_unserved_line(line)) {
      if (auto r = parse_unserved(f, line, p, out.routes); !r) return std::move(r).err();
    } else if (line.fields[0].front() == '#') {
      continue;
    } else if (!in_routes && line.fields.size() == 1 && line.fields[0] == "Solution") {
      in_routes = true;
    } else if (in_routes) {
      if (line.fields[0] != "Route") return line_error(f, line.number, "expected 'Route k : tasks'");
      if (auto r = parse_route(f, line, by_label, out.routes, zero_based); !r) return std::move(r).err();
    } else {
      auto const colon = line.raw.find(':');
      if (colon == std::string::npos) return line_error(f, line.number, "expected 'Key : value' or 'Solution'");
      out.header.emplace_back(trim(std::string_view(line.raw).substr(0, colon)),
                              trim(std::string_view(line.raw).substr(colon + 1)));
    }
  }
  if (!in_routes) return line_error(f, f.lines.empty() ? 1 : f.lines.back().number, "no 'Solution' line");
  if (!zero_based)
    for (auto& r : out.routes.routes) --r.vehicle;
  return out;
}

result<solution_file> read_solution(std::filesystem::path const& path, problem const& p) {
  auto text = detail::read_file_text(path);
  if (!text) return std::move(text).err();
  return parse_solution(*text, p, path.string());
}

void write_solution(std::ostream& out, problem const& p, solution const& s,
                    std::vector<std::pair<std::string, std::string>> const& header) {
  for (auto const& [key, value] : header) out << key << " : " << value << "\n";
  out << "Solution\n";
  for (auto const& r : s.routes) {
    out << "Route " << r.vehicle + 1 << " :";
    for (auto const n : r.stops) out << ' ' << (n < p.nodes.size() ? p.nodes[n].label : "?");
    out << "\n";
  }
  if (!s.unserved.empty()) {
    out << "# Unserved :";
    for (auto const u : s.unserved) out << ' ' << (u < p.requests.size() ? p.requests[u].id : "?");
    out << "\n";
  }
}

}  // namespace cityos::mobility::drt
