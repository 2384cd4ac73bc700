// SPDX-License-Identifier: Apache-2.0
#include "mobility/gtfs/feed_source.h"

#include <fstream>
#include <sstream>

#include "mobility/gtfs/detail/zip_source.h"

namespace cityos::mobility::gtfs {

namespace {

class folder_source final : public feed_source {
 public:
  explicit folder_source(std::filesystem::path dir) : dir_(std::move(dir)) {}

  result<std::optional<std::string>> read(std::string_view name) override {
    auto const p = dir_ / std::string(name);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p, ec)) return std::optional<std::string>();
    std::ifstream in(p, std::ios::binary);
    if (!in) return make_error(error_code::internal, "cannot open " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) return make_error(error_code::internal, "cannot read " + p.string());
    return std::optional<std::string>(std::move(s).str());
  }

 private:
  std::filesystem::path dir_;
};

bool is_zip_name(std::filesystem::path const& p) {
  auto ext = p.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".zip";
}

}  // namespace

result<std::unique_ptr<feed_source>> open_feed_source(std::filesystem::path const& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return make_error(error_code::not_found, path.string() + ": no such file or directory");
  if (std::filesystem::is_directory(path, ec))
    return std::unique_ptr<feed_source>(std::make_unique<folder_source>(path));
  if (is_zip_name(path)) return detail::open_zip_source(path);
  return make_error(error_code::bad_request, path.string() + ": neither a directory nor a .zip file");
}

}  // namespace cityos::mobility::gtfs
