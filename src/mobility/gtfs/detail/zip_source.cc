// SPDX-License-Identifier: Apache-2.0
#include "mobility/gtfs/detail/zip_source.h"

#include <zip.h>

namespace cityos::mobility::gtfs::detail {

namespace {

class zip_source final : public feed_source {
 public:
  explicit zip_source(zip_t* z) : z_(z) {}
  ~zip_source() override { zip_discard(z_); }
  zip_source(zip_source const&) = delete;
  zip_source& operator=(zip_source const&) = delete;

  result<std::optional<std::string>> read(std::string_view name) override {
    // ZIP_FL_NODIR: also finds "feed/stops.txt" in archives with one top folder.
    zip_int64_t const i = zip_name_locate(z_, std::string(name).c_str(), ZIP_FL_NODIR);
    if (i < 0) return std::optional<std::string>();
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z_, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
      return make_error(error_code::internal, std::string(name) + ": cannot stat in archive");
    zip_file_t* f = zip_fopen_index(z_, static_cast<zip_uint64_t>(i), 0);
    if (f == nullptr)
      return make_error(error_code::internal, std::string(name) + ": " + zip_strerror(z_));
    std::string data(st.size, '\0');
    zip_int64_t const n = zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size)
      return make_error(error_code::internal, std::string(name) + ": truncated or corrupt in archive");
    return std::optional<std::string>(std::move(data));
  }

 private:
  zip_t* z_;
};

}  // namespace

result<std::unique_ptr<feed_source>> open_zip_source(std::filesystem::path const& path) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (z == nullptr) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    std::string msg = path.string() + ": not a readable zip archive (" + zip_error_strerror(&ze) + ")";
    zip_error_fini(&ze);
    return make_error(error_code::bad_request, std::move(msg));
  }
  return std::unique_ptr<feed_source>(std::make_unique<zip_source>(z));
}

}  // namespace cityos::mobility::gtfs::detail
