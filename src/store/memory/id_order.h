// SPDX-License-Identifier: Apache-2.0
// Ordering query candidates by entity id. Comparing ids as strings costs a
// cache miss per string and memcmp over prefixes they all share
// ("urn:ngsi-ld:Sensor:..."). An id_key holds an id's leading bytes as
// integers, so candidates that carry one (the geo index stores it with each
// entry) are ordered without touching their id strings; only ids whose keys
// tie are compared as strings.
#pragma once

#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace cityos::store {

// An order-preserving prefix of an entity id: if a < b as strings then
// id_key::of(a) <= id_key::of(b). Ids starting with "urn:ngsi-ld:" (group 1)
// keep the 32 bytes after it, others (group 0 sorts before those ids, group 2
// after) their first 32 bytes.
struct id_key {
  std::uint8_t group = 0;
  std::array<std::uint64_t, 4> words{};  // big-endian, zero past the id's end

  static id_key of(std::string_view id) {
    constexpr std::string_view kPrefix = "urn:ngsi-ld:";
    id_key k;
    std::size_t from = 0;
    if (id.starts_with(kPrefix)) {
      k.group = 1;
      from = kPrefix.size();
    } else {
      k.group = id < kPrefix ? 0 : 2;
    }
    // The 32 bytes from `from`, zero-padded, as big-endian words.
    unsigned char bytes[32] = {};
    if (from < id.size()) std::memcpy(bytes, id.data() + from, std::min<std::size_t>(32, id.size() - from));
    for (std::size_t w = 0; w < k.words.size(); ++w) {
      std::uint64_t v = 0;
      for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | bytes[8 * w + i];
      k.words[w] = v;
    }
    return k;
  }
  auto operator<=>(id_key const&) const = default;
};

// Calls visit(id) for the `ids` in ascending order, once per distinct id,
// until visit returns false. When `all` is false only as many ids are ordered
// as visit takes: chunks of `first_chunk` ids (doubling) by partial sorts.
// Ids are ordered by their id_key; only ids whose keys tie are compared.
template <typename Visit>
void visit_ids_in_order(std::vector<std::string_view> const& ids, bool all,
                        std::size_t first_chunk, Visit visit) {
  struct keyed {
    id_key key;
    std::string_view id;
    auto operator<=>(keyed const&) const = default;
  };
  std::vector<keyed> items;
  items.reserve(ids.size());
  for (auto id : ids) items.push_back({id_key::of(id), id});
  std::size_t done = 0;
  std::size_t chunk = all ? items.size() : std::max<std::size_t>(first_chunk, 1);
  keyed const* last = nullptr;
  while (done < items.size()) {
    auto const begin = items.begin() + static_cast<std::ptrdiff_t>(done);
    auto const mid = items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), done + chunk));
    if (mid == items.end()) {
      std::sort(begin, mid);
    } else {
      std::partial_sort(begin, mid, items.end());
    }
    for (auto it = begin; it != mid; ++it) {
      if (last && last->id == it->id) continue;  // the same id again
      last = &*it;
      if (!visit(it->id)) return;
    }
    done = static_cast<std::size_t>(mid - items.begin());
    chunk *= 2;
  }
}

}  // namespace cityos::store
