// SPDX-License-Identifier: Apache-2.0
#include "safety/feed/query_params.h"

#include <charconv>
#include <cmath>
#include <optional>

namespace cityos::safety::feed {

namespace {

std::optional<double> number(std::string_view s) {
  double v = 0;
  auto const [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

result<ngsild::lon_lat> parse_lat_lon(std::string_view text, std::string_view name) {
  auto const comma = text.find(',');
  auto const lat = comma == std::string_view::npos ? std::nullopt : number(text.substr(0, comma));
  auto const lon = comma == std::string_view::npos ? std::nullopt : number(text.substr(comma + 1));
  if (!lat || !lon || std::abs(*lat) > 90 || std::abs(*lon) > 180) {
    return make_error(error_code::bad_request,
                      "'" + std::string(name) + "' must be LATITUDE,LONGITUDE in degrees, e.g. " + std::string(name) +
                          "=42.35,141.02");
  }
  return ngsild::lon_lat{*lon, *lat};
}

result<bool> parse_flag(std::string const* text, std::string_view name) {
  if (!text || *text == "false") return false;
  if (*text == "true") return true;
  return make_error(error_code::bad_request, "'" + std::string(name) + "' must be true or false");
}

result<double> parse_positive(std::string_view text, std::string_view name) {
  auto const v = number(text);
  if (!v || *v <= 0) return make_error(error_code::bad_request, "'" + std::string(name) + "' must be a positive number");
  return *v;
}

}  // namespace cityos::safety::feed
