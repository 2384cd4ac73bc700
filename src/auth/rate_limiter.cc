// SPDX-License-Identifier: Apache-2.0
#include "auth/rate_limiter.h"

#include <algorithm>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/string_map.h"

namespace cityos::auth {
namespace {

struct bucket {
  double tokens = 0;
  rate_limiter::clock::time_point last;  // when `tokens` was computed
};

}  // namespace

struct rate_limiter::shard {
  std::mutex mu;
  string_map<bucket> buckets;  // guarded by mu
  clock::time_point next_sweep;  // guarded by mu
};

namespace {

// Refills are sums of small fractions: 10 x 0.1 tokens must make one token.
constexpr double kEpsilon = 1e-9;

double seconds(rate_limiter::clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Drops the buckets that are full again at `now`; if `cap` is still exceeded,
// also the least recently used quarter.
template <typename Map>
void sweep(Map& buckets, rate_limiter::clock::time_point now, rate_limit const& c, std::size_t cap) {
  std::erase_if(buckets, [&](auto const& kv) {
    return kv.second.tokens + seconds(now - kv.second.last) * c.rate_per_second >= c.burst;
  });
  if (buckets.size() < cap) return;
  std::vector<rate_limiter::clock::time_point> seen;
  seen.reserve(buckets.size());
  for (auto const& kv : buckets) seen.push_back(kv.second.last);
  auto const nth = seen.begin() + static_cast<std::ptrdiff_t>(seen.size() / 4);
  std::nth_element(seen.begin(), nth, seen.end());
  auto const cutoff = *nth;
  std::erase_if(buckets, [&](auto const& kv) { return kv.second.last <= cutoff; });
}

}  // namespace

rate_limiter::rate_limiter(rate_limit config, std::unique_ptr<std::array<shard, kShards>> shards)
    : config_(config), shards_(std::move(shards)) {}
rate_limiter::rate_limiter(rate_limiter&&) noexcept = default;
rate_limiter& rate_limiter::operator=(rate_limiter&&) noexcept = default;
rate_limiter::~rate_limiter() = default;

result<rate_limiter> rate_limiter::make(rate_limit config) {
  if (!(config.rate_per_second > 0)) return make_error(error_code::bad_request, "the rate must be > 0");
  if (!(config.burst >= 1)) return make_error(error_code::bad_request, "the burst must be >= 1");
  if (config.max_callers == 0) return make_error(error_code::bad_request, "max_callers must be > 0");
  return rate_limiter(config, std::make_unique<std::array<shard, kShards>>());
}

std::optional<double> rate_limiter::acquire(std::string_view who, clock::time_point now) {
  auto& s = (*shards_)[std::hash<std::string_view>{}(who) % kShards];
  std::size_t const cap = std::max<std::size_t>(1, config_.max_callers / kShards);
  std::lock_guard lock(s.mu);
  auto it = s.buckets.find(who);
  if (it == s.buckets.end()) {
    if (now >= s.next_sweep || s.buckets.size() >= cap) {
      sweep(s.buckets, now, config_, cap);
      s.next_sweep = now + std::chrono::duration_cast<clock::duration>(
                               std::chrono::duration<double>(config_.burst / config_.rate_per_second));
    }
    it = s.buckets.emplace(std::string(who), bucket{config_.burst, now}).first;
  }
  auto& b = it->second;
  if (now > b.last) {
    b.tokens = std::min(config_.burst, b.tokens + seconds(now - b.last) * config_.rate_per_second);
    b.last = now;
  }
  if (b.tokens >= 1 - kEpsilon) {
    b.tokens -= 1;
    return std::nullopt;
  }
  return std::max(0.0, 1 - b.tokens) / config_.rate_per_second;
}

std::size_t rate_limiter::size() const {
  std::size_t n = 0;
  for (auto& s : *shards_) {
    std::lock_guard lock(s.mu);
    n += s.buckets.size();
  }
  return n;
}

}  // namespace cityos::auth
