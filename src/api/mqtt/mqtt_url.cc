// SPDX-License-Identifier: Apache-2.0
// parse_mqtt_url() of mqtt_client.h.
#include <charconv>

#include "api/mqtt/mqtt_client.h"

namespace cityos::api {

namespace {

error bad_url(std::string_view url, std::string_view why) {
  return make_error(error_code::bad_request,
                    "invalid MQTT URL '" + std::string(url) + "': " + std::string(why));
}

// Splits "mqtt://authority/rest" into options and the text after the first '/'.
result<std::pair<mqtt_options, std::string>> parse_any(std::string_view url) {
  constexpr std::string_view kScheme = "mqtt://";
  if (url.starts_with("mqtts://")) {
    return make_error(error_code::not_supported,
                      "mqtts:// (MQTT over TLS) is not supported; use mqtt://host:port/topic");
  }
  if (!url.starts_with(kScheme)) return bad_url(url, "expected mqtt://host[:port]/topic");
  std::string_view rest = url.substr(kScheme.size());
  auto const slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string path = slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1));
  mqtt_options o;
  if (auto const at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view const user = authority.substr(0, at);
    auto const colon = user.find(':');
    o.username = std::string(user.substr(0, colon));
    if (colon != std::string_view::npos) o.password = std::string(user.substr(colon + 1));
    authority = authority.substr(at + 1);
  }
  std::string_view host = authority;
  if (auto const colon = authority.rfind(':');
      colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    host = authority.substr(0, colon);
    std::string_view const port = authority.substr(colon + 1);
    unsigned value = 0;
    auto const [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return bad_url(url, "port must be 1-65535");
    }
    o.port = static_cast<unsigned short>(value);
  }
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) return bad_url(url, "missing host");
  o.host = std::string(host);
  return std::pair{std::move(o), std::move(path)};
}

}  // namespace

result<std::pair<mqtt_options, std::string>> parse_mqtt_url(std::string_view url) {
  auto parsed = parse_any(url);
  if (!parsed) return parsed;
  auto const& topic = parsed->second;
  if (topic.empty()) return bad_url(url, "missing topic (mqtt://host:port/topic)");
  if (topic.find_first_of("+#") != std::string::npos) {
    return bad_url(url, "the topic must not contain the wildcards + or #");
  }
  return parsed;
}

result<mqtt_options> parse_mqtt_broker_url(std::string_view url) {
  auto parsed = parse_any(url);
  if (!parsed) return std::move(parsed).err();
  if (!parsed->second.empty()) return bad_url(url, "expected mqtt://host[:port] without a topic");
  return std::move(parsed->first);
}

}  // namespace cityos::api
