// SPDX-License-Identifier: Apache-2.0
// The JSON form of the API key file and its atomic, private (0600) rewrite.
// Private to auth/ (api_keys.cc). Pure functions apart from the file I/O.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/api_keys.h"
#include "common/result.h"

namespace cityos::auth::detail {

struct key_file_content {
  std::string pepper;  // raw bytes, crypto_generichash_KEYBYTES long
  std::vector<key_record> keys;
};

// {"version":1,"pepper":"<base64url>","keys":[{"id","tenant","role","types",
// "id_patterns","description","created","expires","revoked","hash"}]}
std::string render_key_file(key_file_content const& c);
// Errors: bad_request naming the offending field.
result<key_file_content> parse_key_file(std::string_view text);

// Reads `file`; nullopt if it does not exist. Errors: internal, bad_request.
result<std::optional<key_file_content>> read_key_file(std::filesystem::path const& file);
// Writes `text` to `file` atomically with mode 0600, creating the parent folder
// (mode 0700) if needed: temp file, fsync, rename, fsync of the folder. Errors: internal.
result<void> write_private_file(std::filesystem::path const& file, std::string_view text);

}  // namespace cityos::auth::detail
