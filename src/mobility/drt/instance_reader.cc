// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/instance_reader.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "mobility/drt/detail/text_lines.h"

namespace cityos::mobility::drt {
namespace {

using detail::integer_field;
using detail::line_error;
using detail::number_field;
using detail::text_file;
using detail::text_line;

struct xy {
  double x = 0, y = 0;
};

// Euclidean distances between all points; time = distance.
travel_times euclidean(std::vector<xy> const& pts) {
  travel_times tt;
  tt.size = static_cast<std::uint32_t>(pts.size());
  tt.distance.resize(pts.size() * pts.size());
  for (std::size_t a = 0; a < pts.size(); ++a)
    for (std::size_t b = 0; b < pts.size(); ++b)
      tt.distance[a * pts.size() + b] = std::hypot(pts[a].x - pts[b].x, pts[a].y - pts[b].y);
  tt.time = tt.distance;
  return tt;
}

// Reads `count` numbers of one line into `out`, naming them for messages.
result<void> read_numbers(text_file const& f, text_line const& line, std::vector<char const*> const& names,
                          std::vector<double>& out) {
  if (line.fields.size() < names.size())
    return line_error(
        f, line.number,
        "expected " + std::to_string(names.size()) + " fields, found " + std::to_string(line.fields.size()));
  out.clear();
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto v = number_field(f, line, i, names[i]);
    if (!v) return std::move(v).err();
    out.push_back(*v);
  }
  return {};
}

std::string stem_of(std::filesystem::path const& path) { return path.stem().string(); }

// One Li & Lim task line.
struct lilim_task {
  xy at;
  double demand = 0, earliest = 0, latest = 0, service = 0;
  long pickup_sibling = 0, delivery_sibling = 0;
  std::size_t line = 0;
};

result<std::vector<lilim_task>> lilim_tasks(text_file const& f) {
  static std::vector<char const*> const names{
      "id", "x", "y", "demand", "earliest", "latest", "service", "pickup sibling", "delivery sibling"};
  std::vector<lilim_task> tasks;
  std::vector<double> v;
  for (std::size_t i = 1; i < f.lines.size(); ++i) {
    auto const& line = f.lines[i];
    if (auto r = read_numbers(f, line, names, v); !r) return std::move(r).err();
    for (std::size_t k : {0, 7, 8})
      if (auto n = integer_field(f, line, k, names[k]); !n) return std::move(n).err();
    if (static_cast<std::size_t>(v[0]) != tasks.size())
      return line_error(f, line.number, "task id " + line.fields[0] + ", expected " + std::to_string(tasks.size()));
    if (v[4] > v[5]) return line_error(f, line.number, "time window closes before it opens");
    if (v[7] != 0 && v[8] != 0) return line_error(f, line.number, "a task is either a pickup or a delivery");
    tasks.push_back(
        {{v[1], v[2]}, v[3], v[4], v[5], v[6], static_cast<long>(v[7]), static_cast<long>(v[8]), line.number});
  }
  if (tasks.size() < 3) return line_error(f, f.lines.empty() ? 1 : f.lines.back().number, "no tasks");
  return tasks;
}

// Checks that task `p`'s delivery sibling names a delivery pointing back.
result<void> check_pair(text_file const& f, std::vector<lilim_task> const& tasks, std::size_t p) {
  auto const& t = tasks[p];
  auto const d = static_cast<std::size_t>(t.delivery_sibling);
  if (t.delivery_sibling < 0 || d >= tasks.size() || d == 0)
    return line_error(f, t.line, "delivery sibling " + std::to_string(t.delivery_sibling) + " is no task");
  if (tasks[d].pickup_sibling != static_cast<long>(p))
    return line_error(
        f, tasks[d].line,
        "delivery task " + std::to_string(d) + " does not name pickup " + std::to_string(p) + " as its sibling");
  if (t.demand <= 0) return line_error(f, t.line, "pickup demand must be positive");
  if (tasks[d].demand != -t.demand) return line_error(f, tasks[d].line, "delivery demand must be minus the pickup's");
  return {};
}

node task_node(lilim_task const& t, node_kind kind, std::uint32_t req, std::size_t id) {
  return {kind, req, static_cast<std::uint32_t>(id), t.earliest, t.latest, t.service, std::to_string(id)};
}

}  // namespace

result<problem> read_lilim(std::filesystem::path const& path) {
  auto file = detail::read_text_file(path);
  if (!file) return std::move(file).err();
  text_file const& f = *file;
  if (f.lines.empty()) return line_error(f, 1, "empty file");
  std::vector<double> head;
  if (auto r = read_numbers(f, f.lines[0], {"vehicles", "capacity", "speed"}, head); !r) return std::move(r).err();
  if (head[0] < 1 || head[1] < 1 || head[0] != std::floor(head[0]) || head[1] != std::floor(head[1]))
    return line_error(f, f.lines[0].number, "vehicles and capacity must be positive integers");
  auto tasks = lilim_tasks(f);
  if (!tasks) return std::move(tasks).err();

  problem p;
  p.name = stem_of(path);
  p.nodes.resize(tasks->size() - 1);
  std::vector<xy> pts;
  for (auto const& t : *tasks) pts.push_back(t.at);
  p.travel = euclidean(pts);
  std::vector<bool> seen(tasks->size(), false);
  for (std::size_t i = 1; i < tasks->size(); ++i) {
    auto const& t = (*tasks)[i];
    if (t.delivery_sibling == 0) continue;
    if (auto r = check_pair(f, *tasks, i); !r) return std::move(r).err();
    auto const d = static_cast<std::size_t>(t.delivery_sibling);
    auto const req = static_cast<std::uint32_t>(p.requests.size());
    p.nodes[i - 1] = task_node(t, node_kind::pickup, req, i);
    p.nodes[d - 1] = task_node((*tasks)[d], node_kind::delivery, req, d);
    request r;
    r.pickup = static_cast<node_index>(i - 1);
    r.delivery = static_cast<node_index>(d - 1);
    r.amount.seats = static_cast<int>(t.demand);
    r.id = std::to_string(i);
    p.requests.push_back(std::move(r));
    seen[i] = seen[d] = true;
  }
  for (std::size_t i = 1; i < tasks->size(); ++i)
    if (!seen[i])
      return line_error(f, (*tasks)[i].line, "task " + std::to_string(i) + " belongs to no pickup-delivery pair");
  auto const& depot = tasks->front();
  vehicle v;
  v.capacity.seats = static_cast<int>(head[1]);
  v.shift_start = depot.earliest;
  v.shift_end = depot.latest;
  for (int k = 0; k < static_cast<int>(head[0]); ++k) {
    v.id = std::to_string(k + 1);
    p.vehicles.push_back(v);
  }
  return p;
}

namespace {

result<std::vector<std::vector<double>>> cordeau_nodes(text_file const& f) {
  static std::vector<char const*> const names{"id", "x", "y", "service", "load", "earliest", "latest"};
  std::vector<std::vector<double>> rows;
  std::vector<double> v;
  for (std::size_t i = 1; i < f.lines.size(); ++i) {
    auto const& line = f.lines[i];
    if (auto r = read_numbers(f, line, names, v); !r) return std::move(r).err();
    if (v[0] != static_cast<double>(rows.size()))
      return line_error(f, line.number, "node id " + line.fields[0] + ", expected " + std::to_string(rows.size()));
    if (v[5] > v[6]) return line_error(f, line.number, "time window closes before it opens");
    rows.push_back(v);
  }
  return rows;
}

}  // namespace

result<problem> read_cordeau(std::filesystem::path const& path) {
  auto file = detail::read_text_file(path);
  if (!file) return std::move(file).err();
  text_file const& f = *file;
  if (f.lines.empty()) return line_error(f, 1, "empty file");
  std::vector<double> head;
  if (auto r =
          read_numbers(f, f.lines[0], {"vehicles", "nodes", "max route duration", "capacity", "max ride time"}, head);
      !r)
    return std::move(r).err();
  for (std::size_t k : {0, 1, 3})
    if (auto n = integer_field(f, f.lines[0], k, "header field"); !n) return std::move(n).err();
  auto const nodes = static_cast<long>(head[1]);
  if (head[0] < 1 || nodes < 2 || nodes % 2 != 0 || head[3] < 1)
    return line_error(f, f.lines[0].number, "expected positive vehicles and capacity and an even node count");
  auto rows = cordeau_nodes(f);
  if (!rows) return std::move(rows).err();
  auto const n = static_cast<std::size_t>(nodes / 2);
  if (rows->size() != 2 * n + 1 && rows->size() != 2 * n + 2)
    return line_error(f, f.lines.back().number,
                      "expected " + std::to_string(2 * n + 1) + " or " + std::to_string(2 * n + 2) +
                          " node lines, found " + std::to_string(rows->size()));
  problem p;
  p.name = stem_of(path);
  std::vector<xy> pts;
  for (auto const& r : *rows) pts.push_back({r[1], r[2]});
  p.travel = euclidean(pts);
  for (std::size_t i = 1; i <= 2 * n; ++i) {
    auto const& r = (*rows)[i];
    bool const pick = i <= n;
    auto const req = static_cast<std::uint32_t>(pick ? i - 1 : i - 1 - n);
    p.nodes.push_back({pick ? node_kind::pickup : node_kind::delivery, req, static_cast<std::uint32_t>(i), r[5], r[6],
                       r[3], std::to_string(i)});
  }
  for (std::size_t i = 1; i <= n; ++i) {
    auto const& pick = (*rows)[i];
    auto const& drop = (*rows)[i + n];
    auto const line = f.lines[i + 1].number;
    if (pick[4] <= 0 || pick[4] != std::floor(pick[4]))
      return line_error(f, line, "pickup load must be a positive integer");
    if (drop[4] != -pick[4])
      return line_error(f, f.lines[i + n + 1].number, "delivery load must be minus the pickup's");
    request r;
    r.pickup = static_cast<node_index>(i - 1);
    r.delivery = static_cast<node_index>(i + n - 1);
    r.amount.seats = static_cast<int>(pick[4]);
    r.max_ride = head[4];
    r.id = std::to_string(i);
    p.requests.push_back(std::move(r));
  }
  auto const& depot = rows->front();
  vehicle v;
  v.capacity.seats = static_cast<int>(head[3]);
  v.shift_start = depot[5];
  v.shift_end = depot[6];
  if (rows->size() == 2 * n + 2) {
    auto const& end = rows->back();
    v.end_location = static_cast<std::uint32_t>(2 * n + 1);
    v.shift_end = std::min(v.shift_end, end[6]);
  }
  v.max_duration = head[2];
  for (int k = 0; k < static_cast<int>(head[0]); ++k) {
    v.id = std::to_string(k + 1);
    p.vehicles.push_back(v);
  }
  return p;
}

result<problem> read_instance(std::filesystem::path const& path, std::string_view format) {
  if (format == "lilim") return read_lilim(path);
  if (format == "cordeau") return read_cordeau(path);
  return make_error(error_code::bad_request, "unknown instance format '" + std::string(format) + "' (lilim, cordeau)");
}

}  // namespace cityos::mobility::drt
