// SPDX-License-Identifier: Apache-2.0
// A bounded, thread-safe map that keeps the entries used recently: for caches
// of derived data (decoded or rendered entities) in front of slower work.
//
// Entries live in two generations per shard. A put goes to the young one; when
// it is full, the old generation is dropped and the young one becomes old. A
// hit in the old generation moves the entry back to the young one. So an entry
// used again within the last `capacity / 2` puts of its shard stays, and the
// cache never holds more than `capacity` entries (about LRU, without a list).
//
// Values are copied out on a hit: keep them small (handles, shared pointers).
// Dropped entries are destroyed outside the shard's lock.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cityos {

// What a cache did since it was made, and what it holds now.
struct recent_cache_stats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;  // absent or no longer valid
  std::size_t entries = 0;
};

template <typename Key, typename Value, typename Hash = std::hash<Key>>
class recent_cache {
 public:
  // Holds at most `capacity` entries (at least one per generation and shard).
  explicit recent_cache(std::size_t capacity, std::size_t shards = 8)
      : shards_(std::max<std::size_t>(shards, 1)),
        per_generation_(std::max<std::size_t>(capacity / 2 / shards_.size(), 1)) {}

  // The value of `key`, if cached and `valid(value)`; an invalid entry is removed.
  template <typename Valid>
  std::optional<Value> find(Key const& key, Valid const& valid) {
    auto& s = shard_of(key);
    std::optional<Value> out;
    std::unordered_map<Key, Value, Hash> dropped;
    {
      std::lock_guard lock(s.mu);
      if (auto it = s.young.find(key); it != s.young.end()) {
        if (valid(it->second)) {
          ++s.hits;
          return it->second;
        }
        s.young.erase(it);
        ++s.misses;
        return out;
      }
      auto it = s.old.find(key);
      if (it == s.old.end() || !valid(it->second)) {
        if (it != s.old.end()) s.old.erase(it);
        ++s.misses;
        return out;
      }
      ++s.hits;
      out = it->second;
      auto node = s.old.extract(it);
      dropped = insert_locked(s, std::move(node.key()), std::move(node.mapped()));
    }
    return out;
  }

  std::optional<Value> find(Key const& key) {
    return find(key, [](Value const&) { return true; });
  }

  // Adds or replaces the entry of `key`.
  void put(Key key, Value value) {
    auto& s = shard_of(key);
    std::unordered_map<Key, Value, Hash> dropped;
    std::lock_guard lock(s.mu);
    s.old.erase(key);
    dropped = insert_locked(s, std::move(key), std::move(value));
  }

  // Removes the entry of `key`, if any.
  void erase(Key const& key) {
    auto& s = shard_of(key);
    std::optional<Value> dropped;
    std::lock_guard lock(s.mu);
    if (auto it = s.young.find(key); it != s.young.end()) {
      dropped = std::move(it->second);
      s.young.erase(it);
    } else if (auto old = s.old.find(key); old != s.old.end()) {
      dropped = std::move(old->second);
      s.old.erase(old);
    }
  }

  // Entries held now (both generations, all shards).
  std::size_t size() const { return stats().entries; }

  // Lookups by find() since the cache was made, and the entries held now.
  recent_cache_stats stats() const {
    recent_cache_stats out;
    for (auto const& s : shards_) {
      std::lock_guard lock(s.mu);
      out.hits += s.hits;
      out.misses += s.misses;
      out.entries += s.young.size() + s.old.size();
    }
    return out;
  }

  std::size_t capacity() const { return 2 * per_generation_ * shards_.size(); }

 private:
  struct shard {
    mutable std::mutex mu;
    std::unordered_map<Key, Value, Hash> young, old;
    std::uint64_t hits = 0, misses = 0;
  };

  // Mixes the hash first: identity hashes of pointers share their low bits
  // (allocations of one size class), which would put all keys in one shard.
  shard& shard_of(Key const& key) {
    std::uint64_t const h = static_cast<std::uint64_t>(Hash{}(key)) * 0x9E3779B97F4A7C15ull;
    return shards_[(h >> 32) % shards_.size()];
  }

  // Puts (key, value) in the young generation; returns the generation it
  // dropped to make room (empty if none), for the caller to destroy unlocked.
  std::unordered_map<Key, Value, Hash> insert_locked(shard& s, Key key, Value value) {
    std::unordered_map<Key, Value, Hash> dropped;
    if (s.young.size() >= per_generation_ && !s.young.contains(key)) {
      dropped = std::exchange(s.old, std::move(s.young));
      s.young = {};
      s.young.reserve(per_generation_);
    }
    s.young.insert_or_assign(std::move(key), std::move(value));
    return dropped;
  }

  std::vector<shard> shards_;
  std::size_t per_generation_;
};

}  // namespace cityos
