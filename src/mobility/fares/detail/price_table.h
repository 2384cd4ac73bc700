// SPDX-License-Identifier: Apache-2.0
// Open-addressing hash table from a (slot, origin zone, destination zone) key
// to the cheapest fare for it: the per-ride lookup of fare_calculator. Filled
// once, then read-only; lookups do not allocate. Private to mobility/fares.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "mobility/gtfs/id_table.h"

namespace cityos::mobility::fares::detail {

struct price_key {
  gtfs::index_t slot, origin, destination;
  bool operator==(price_key const&) const = default;
};

class price_table {
 public:
  // Keeps the cheaper of the stored fare and `fare` for `k` (prices indexed by
  // fare; the stored one wins a tie).
  void keep_min(price_key k, gtfs::index_t fare, std::span<double const> prices);
  // The cheapest fare stored for `k`, or no_index.
  gtfs::index_t find(price_key k) const;
  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return cells_.capacity() * sizeof(cell); }

 private:
  struct cell {
    price_key key{gtfs::no_index, gtfs::no_index, gtfs::no_index};
    gtfs::index_t fare = gtfs::no_index;  // no_index: empty cell
  };
  static std::uint64_t hash(price_key k);
  void grow(std::span<double const> prices);

  std::vector<cell> cells_;  // power-of-two size, at most half full
  std::size_t size_ = 0;
};

}  // namespace cityos::mobility::fares::detail
