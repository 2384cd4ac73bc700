// SPDX-License-Identifier: Apache-2.0
#include "mobility/realtime/feed_reader.h"

#include <fstream>
#include <iterator>

#include "api/http/http_client.h"

namespace cityos::mobility::realtime {

result<std::string> read_feed_bytes(std::string_view source, std::chrono::milliseconds timeout) {
  if (source.starts_with("http://") || source.starts_with("https://")) return api::http_get(source, timeout);
  std::ifstream in{std::string(source), std::ios::binary};
  if (!in) return make_error(error_code::not_found, "cannot open GTFS-Realtime file '" + std::string(source) + "'");
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return make_error(error_code::not_found, "cannot read GTFS-Realtime file '" + std::string(source) + "'");
  return bytes;
}

}  // namespace cityos::mobility::realtime
