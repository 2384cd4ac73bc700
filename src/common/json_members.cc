// SPDX-License-Identifier: Apache-2.0
#include "common/json_members.h"

#include <cmath>

namespace cityos::json_members {

std::string member_path(std::string const& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

error bad_member(std::string const& path, std::string_view why) {
  return make_error(error_code::bad_request, path + " " + std::string(why));
}

result<void> check_members(json::object const& o, std::string const& path,
                           std::initializer_list<std::string_view> known) {
  for (auto const& kv : o) {
    bool found = false;
    for (auto k : known) found = found || kv.key() == k;
    if (!found) return bad_member(member_path(path, kv.key()), "is not a known member");
  }
  return {};
}

result<std::optional<std::int64_t>> opt_integer(json::object const& o, std::string const& path, std::string_view key,
                                                std::int64_t lo, std::int64_t hi) {
  auto const* v = o.if_contains(key);
  if (!v) return std::optional<std::int64_t>{};
  std::string const where = member_path(path, key);
  std::string const range = "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
  std::int64_t x = 0;
  if (v->is_int64()) {
    x = v->as_int64();
  } else if (v->is_uint64()) {
    if (v->as_uint64() > static_cast<std::uint64_t>(hi)) return bad_member(where, range);
    x = static_cast<std::int64_t>(v->as_uint64());
  } else if (v->is_double() && std::trunc(v->as_double()) == v->as_double() && std::abs(v->as_double()) < 1e15) {
    x = static_cast<std::int64_t>(v->as_double());
  } else {
    return bad_member(where, range);
  }
  if (x < lo || x > hi) return bad_member(where, range);
  return std::optional<std::int64_t>(x);
}

result<std::optional<double>> opt_number(json::object const& o, std::string const& path, std::string_view key,
                                         double lo, double hi) {
  auto const* v = o.if_contains(key);
  if (!v) return std::optional<double>{};
  double const x = v->is_number() ? v->to_number<double>() : std::nan("");
  if (!(x >= lo && x <= hi))
    return bad_member(member_path(path, key), "must be a number from " + dump(json::value(lo)) + " to " +
                                                  dump(json::value(hi)));
  return std::optional<double>(x);
}

result<std::optional<bool>> opt_bool(json::object const& o, std::string const& path, std::string_view key) {
  auto const* v = o.if_contains(key);
  if (!v) return std::optional<bool>{};
  if (!v->is_bool()) return bad_member(member_path(path, key), "must be true or false");
  return std::optional<bool>(v->as_bool());
}

result<std::optional<std::string>> opt_string(json::object const& o, std::string const& path, std::string_view key) {
  auto const* v = o.if_contains(key);
  if (!v) return std::optional<std::string>{};
  if (!v->is_string() || v->as_string().empty())
    return bad_member(member_path(path, key), "must be a non-empty string");
  return std::optional<std::string>(std::string(v->as_string()));
}

result<json::object const*> opt_object(json::object const& o, std::string const& path, std::string_view key) {
  auto const* v = o.if_contains(key);
  if (!v) return static_cast<json::object const*>(nullptr);
  if (!v->is_object()) return bad_member(member_path(path, key), "must be an object");
  return &v->as_object();
}

result<json::array const*> opt_array(json::object const& o, std::string const& path, std::string_view key) {
  auto const* v = o.if_contains(key);
  if (!v) return static_cast<json::array const*>(nullptr);
  if (!v->is_array()) return bad_member(member_path(path, key), "must be an array");
  return &v->as_array();
}

}  // namespace cityos::json_members
