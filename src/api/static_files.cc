// SPDX-License-Identifier: Apache-2.0
#include "api/static_files.h"

#include <fstream>
#include <sstream>

namespace cityos::api {

namespace {

constexpr std::uintmax_t kMaxBytes = 64ull << 20;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string content_type_of(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".geojson", "application/geo+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".webmanifest", "application/manifest+json"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".pbf", "application/x-protobuf"},
      {".map", "application/json"},
  };
  for (auto const& [ext, type] : kTypes) {
    if (ends_with(name, ext)) return std::string(type);
  }
  return "application/octet-stream";
}

result<static_files> static_files::open(std::filesystem::path const& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(root / "index.html", ec)) {
    return make_error(error_code::not_found, "no index.html in the web root " + root.string());
  }
  static_files out;
  std::uintmax_t total = 0;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    total += it->file_size(ec);
    if (total > kMaxBytes) return make_error(error_code::too_large, "the web root holds more than 64 MB");
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    std::string const rel = "/" + fs::relative(it->path(), root, ec).generic_string();
    out.files_[rel] = {content_type_of(rel), body.str()};
  }
  return out;
}

std::optional<http_response> static_files::serve(http_request const& req) const {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  static std::string const kIndex = "/index.html";
  std::string const& path = req.path == "/" ? kIndex : req.path;  // no copy: every GET passes here
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  http_response r;
  r.status = 200;
  r.content_type = it->second.content_type;
  r.body = it->second.body;
  bool const hashed = path.rfind("/assets/", 0) == 0;
  r.headers.emplace_back("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

}  // namespace cityos::api
