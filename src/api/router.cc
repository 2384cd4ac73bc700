// SPDX-License-Identifier: Apache-2.0
#include "api/router.h"

#include <chrono>
#include <exception>
#include <optional>
#include <span>

#include "api/problem_details.h"

namespace cityos::api {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    std::size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view s) {
  // Runs without '%' (most ids have none) are copied whole, not byte by byte.
  std::string out;
  out.reserve(s.size());
  std::size_t from = 0;  // start of the run not yet copied
  for (auto at = s.find('%'); at != std::string_view::npos; at = s.find('%', from)) {
    if (at + 2 >= s.size()) return std::nullopt;
    int const hi = hex(s[at + 1]), lo = hex(s[at + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.append(s.substr(from, at - from));
    out.push_back(static_cast<char>(hi * 16 + lo));
    from = at + 3;
  }
  out.append(s.substr(from));
  return out;
}

std::string const& route_params::operator[](std::string_view name) const {
  static std::string const kEmpty;
  for (auto const& [k, v] : values) {
    if (k == name) return v;
  }
  return kEmpty;
}

void router::add(std::string method, std::string pattern, route_handler handler) {
  route r{std::move(method), std::move(pattern), {}, std::move(handler), {}};
  for (auto s : split_path(r.pattern)) r.segments.emplace_back(s);
  if (factory_) r.observer = factory_(r.pattern);
  if (by_length_.size() <= r.segments.size()) by_length_.resize(r.segments.size() + 1);
  by_length_[r.segments.size()].push_back(routes_.size());
  routes_.push_back(std::move(r));
}

void router::set_observer(observer_factory factory) {
  factory_ = std::move(factory);
  for (auto& r : routes_) r.observer = factory_ ? factory_(r.pattern) : nullptr;
  unmatched_observer_ = factory_ ? factory_("") : nullptr;
}

bool router::match(route const& r, std::vector<std::string_view> const& segments,
                   route_params& params) const {
  if (r.segments.size() != segments.size()) return false;
  auto is_parameter = [](std::string const& want) {
    return want.size() > 2 && want.front() == '{' && want.back() == '}';
  };
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (!is_parameter(r.segments[i]) && r.segments[i] != segments[i]) return false;
  }
  params.values.clear();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    auto const& want = r.segments[i];
    if (!is_parameter(want)) continue;
    auto decoded = percent_decode(segments[i]);
    if (!decoded || decoded->empty()) return false;
    params.values.emplace_back(want.substr(1, want.size() - 2), std::move(*decoded));
  }
  return true;
}

http_response router::handle(http_request& req) const {
  auto const start = std::chrono::steady_clock::now();
  std::string_view raw_path = req.target;
  raw_path = raw_path.substr(0, raw_path.find('?'));
  auto const segments = split_path(raw_path);
  route_params params;
  route const* found = nullptr;
  std::string allow;
  std::span<std::size_t const> candidates;
  if (segments.size() < by_length_.size()) candidates = by_length_[segments.size()];
  for (std::size_t const index : candidates) {
    auto const& r = routes_[index];
    if (!match(r, segments, params)) continue;
    if (r.method == req.method) {
      found = &r;
      break;
    }
    allow += allow.empty() ? r.method : ", " + r.method;
  }
  http_response resp;
  if (found) {
    try {
      auto result = found->handler(req, params);
      resp = result ? std::move(*result) : problem_response(result.err());
    } catch (std::exception const& e) {
      resp = problem_response(make_error(error_code::internal, e.what()));
    }
  } else if (!allow.empty()) {
    resp = problem_response(make_error(error_code::method_not_allowed,
                                       "method " + req.method + " not allowed; allowed: " + allow));
    resp.headers.emplace_back("Allow", allow);
  } else {
    resp = problem_response(make_error(error_code::not_found, "no resource at " + req.path));
  }
  auto const& observer = found ? found->observer : unmatched_observer_;
  if (observer) {
    double const secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    observer(req.method, resp.status, secs);
  }
  return resp;
}

}  // namespace cityos::api
