// SPDX-License-Identifier: Apache-2.0
#include "mobility/fares/detail/price_table.h"

namespace cityos::mobility::fares::detail {

std::uint64_t price_table::hash(price_key k) {
  std::uint64_t h = (std::uint64_t{k.slot} << 32 | k.origin) * 0x9E3779B97F4A7C15ULL;
  h ^= (h >> 29) + k.destination * 0xBF58476D1CE4E5B9ULL;
  h *= 0x94D049BB133111EBULL;
  return h ^ (h >> 31);
}

void price_table::grow(std::span<double const> prices) {
  std::vector<cell> old = std::move(cells_);
  cells_.assign(old.empty() ? 16 : old.size() * 2, cell{});
  size_ = 0;
  for (auto const& c : old)
    if (c.fare != gtfs::no_index) keep_min(c.key, c.fare, prices);
}

void price_table::keep_min(price_key k, gtfs::index_t fare, std::span<double const> prices) {
  if ((size_ + 1) * 2 > cells_.size()) grow(prices);
  std::size_t const mask = cells_.size() - 1;
  for (std::size_t i = hash(k) & mask;; i = (i + 1) & mask) {
    cell& c = cells_[i];
    if (c.fare == gtfs::no_index) {
      c = {k, fare};
      ++size_;
      return;
    }
    if (c.key == k) {
      if (prices[fare] < prices[c.fare]) c.fare = fare;
      return;
    }
  }
}

gtfs::index_t price_table::find(price_key k) const {
  if (cells_.empty()) return gtfs::no_index;
  std::size_t const mask = cells_.size() - 1;
  for (std::size_t i = hash(k) & mask;; i = (i + 1) & mask) {
    cell const& c = cells_[i];
    if (c.fare == gtfs::no_index || c.key == k) return c.fare;
  }
}

}  // namespace cityos::mobility::fares::detail
