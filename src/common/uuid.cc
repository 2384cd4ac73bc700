// SPDX-License-Identifier: Apache-2.0
#include "common/uuid.h"

#include <cstdint>
#include <random>

namespace cityos {

std::string random_uuid() {
  std::random_device rd;
  std::uint64_t hi = (std::uint64_t{rd()} << 32) | rd();
  std::uint64_t lo = (std::uint64_t{rd()} << 32) | rd();
  hi = (hi & ~std::uint64_t{0xF000}) | 0x4000;                    // version 4
  lo = (lo & ~(std::uint64_t{0xC} << 60)) | (std::uint64_t{0x8} << 60);  // variant 10
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  auto put = [&](std::uint64_t v, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) out += kHex[(v >> (i * 4)) & 0xF];
  };
  put(hi >> 32, 8);
  out += '-';
  put(hi >> 16, 4);
  out += '-';
  put(hi, 4);
  out += '-';
  put(lo >> 48, 4);
  out += '-';
  put(lo, 12);
  return out;
}

}  // namespace cityos
