// SPDX-License-Identifier: Apache-2.0
// The dashboard's built files (web/dist) served at "/": read into memory once
// at start (the build is small), answered with their content type; "/" is
// index.html. Hashed assets (under /assets/) may be cached for a year, the
// rest is revalidated. Thread-safe after open().
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/http/message.h"
#include "common/result.h"

namespace cityos::api {

class static_files {
 public:
  // Reads every regular file under `root` (at most 64 MB in all).
  // Errors: not_found (no such directory or no index.html), too_large.
  static result<static_files> open(std::filesystem::path const& root);

  // The response for a GET or HEAD of a file, or nullopt if `req` names none.
  std::optional<http_response> serve(http_request const& req) const;
  std::size_t files() const { return files_.size(); }

 private:
  struct file {
    std::string content_type;
    std::string body;
  };
  std::unordered_map<std::string, file> files_;  // "/index.html" -> file
};

// The content type for a file name's extension ("application/octet-stream" if unknown).
std::string content_type_of(std::string_view name);

}  // namespace cityos::api
