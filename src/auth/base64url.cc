// SPDX-License-Identifier: Apache-2.0
#include "auth/base64url.h"

#include <sodium.h>

namespace cityos::auth {
namespace {

// Canonical form only: the bits of the last character that fall outside the
// decoded bytes must be zero ("Zh" and "Zg" would both decode to "f").
bool zero_trailing_bits(std::string_view text) {
  if (text.size() % 4 < 2) return true;
  char const c = text.back();
  int v = 0;
  if (c >= 'A' && c <= 'Z') v = c - 'A';
  else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
  else if (c >= '0' && c <= '9') v = c - '0' + 52;
  else v = c == '-' ? 62 : 63;
  int const unused_mask = text.size() % 4 == 2 ? 0x0f : 0x03;
  return (v & unused_mask) == 0;
}

}  // namespace

std::string base64url_encode(std::span<unsigned char const> bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string base64url_encode(std::string_view bytes) {
  return base64url_encode(
      std::span{reinterpret_cast<unsigned char const*>(bytes.data()), bytes.size()});
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;  // never a whole number of bytes
  std::string out(text.size() * 3 / 4 + 1, '\0');
  std::size_t len = 0;
  char const* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(len);
  if (!zero_trailing_bits(text)) return std::nullopt;
  return out;
}

}  // namespace cityos::auth
