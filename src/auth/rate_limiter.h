// SPDX-License-Identifier: Apache-2.0
// Token-bucket rate limiting per caller (an API key id, a token subject, an
// address): each caller may make `burst` requests at once and `rate_per_second`
// on average. Thread-safe; callers are spread over sharded mutexes. Memory is
// bounded: buckets that have refilled are dropped (a new bucket starts full,
// so nothing changes for the caller), and past `max_callers` the least
// recently seen callers are forgotten.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "common/result.h"

namespace cityos::auth {

struct rate_limit {
  double rate_per_second = 10;  // tokens added per second, > 0
  double burst = 20;            // bucket size, >= 1
  std::size_t max_callers = 100'000;  // buckets kept at most (approximately)
};

class rate_limiter {
 public:
  using clock = std::chrono::steady_clock;

  // Errors: bad_request for a rate <= 0, a burst < 1 or max_callers 0.
  static result<rate_limiter> make(rate_limit config);

  rate_limiter(rate_limiter&&) noexcept;
  rate_limiter& operator=(rate_limiter&&) noexcept;
  ~rate_limiter();

  // Takes a token from `who`'s bucket. Returns nullopt if allowed, else the
  // seconds until a token is available (> 0; for Retry-After, round up).
  std::optional<double> acquire(std::string_view who, clock::time_point now);

  // Buckets currently held (for tests and metrics).
  std::size_t size() const;

 private:
  struct shard;
  static constexpr std::size_t kShards = 16;
  rate_limiter(rate_limit config, std::unique_ptr<std::array<shard, kShards>> shards);
  rate_limit config_;
  std::unique_ptr<std::array<shard, kShards>> shards_;
};

}  // namespace cityos::auth
