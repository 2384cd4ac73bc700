// SPDX-License-Identifier: Apache-2.0
// base64url without padding (RFC 4648 §5), as JWS compact form and our API
// keys use it. Decoding is strict: no padding, no whitespace, no other
// alphabet, no non-zero trailing bits. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cityos::auth {

// Returns the unpadded base64url text of `bytes`.
std::string base64url_encode(std::span<unsigned char const> bytes);
std::string base64url_encode(std::string_view bytes);
// Returns the decoded bytes, or nullopt if `text` is not canonical unpadded base64url.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace cityos::auth
