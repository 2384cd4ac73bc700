// SPDX-License-Identifier: Apache-2.0
#include "app/demo_city.h"

#include <algorithm>

#include "common/json.h"
#include "mobility/gtfs/feed_loader.h"
#include "mobility/gtfs/publish.h"

namespace cityos::app {

namespace {

constexpr std::size_t kBatch = 500;

}  // namespace

result<std::filesystem::path> demo_city_dir() {
  namespace fs = std::filesystem;
  for (fs::path const& dir : {fs::path("data/muroran"), fs::path(CITYOS_SOURCE_ROOT) / "data/muroran"}) {
    std::error_code ec;
    if (fs::is_directory(dir / "gtfs", ec)) return dir;
  }
  return make_error(error_code::not_found,
                    "demo city data not found: data/muroran in the working directory or " CITYOS_SOURCE_ROOT);
}

result<void> load_demo_city(api::router const& r, std::filesystem::path const& dir) {
  auto loaded = mobility::gtfs::load_feed(dir / "gtfs");
  if (!loaded) return std::move(loaded).err();
  auto published = mobility::gtfs::publish_feed(loaded->data, {"donanbus-muroran", {}});
  auto const& all = published.entities;
  for (std::size_t i = 0; i < all.size(); i += kBatch) {
    json::array batch;
    for (std::size_t k = i; k < std::min(all.size(), i + kBatch); ++k) batch.push_back(all[k]);
    api::http_request req;
    req.method = "POST";
    req.target = req.path = "/ngsi-ld/v1/entityOperations/upsert";
    req.headers = {{"content-type", "application/json"}};
    req.body = dump(json::value(std::move(batch)));
    req.has_content_length = true;
    req.remote = "127.0.0.1:0";
    auto resp = r.handle(req);
    if (resp.status != 201 && resp.status != 204) {
      return make_error(error_code::internal, "demo city rejected: " + resp.body.substr(0, 500));
    }
  }
  return {};
}

}  // namespace cityos::app
