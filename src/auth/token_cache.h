// SPDX-License-Identifier: Apache-2.0
// Remembers the principals of verified bearer tokens until the tokens expire,
// so a client that reuses its token pays the signature check (30-90 µs for
// RS256/ES256) once, not on every request. Keyed by the exact token text;
// bounded (cleared when full). Thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/principal.h"
#include "common/time.h"

namespace cityos::auth {

class token_cache {
 public:
  explicit token_cache(std::size_t capacity = 10'000) : capacity_(capacity) {}

  // The principal of `token` if it was verified and has not expired at `now`.
  std::optional<principal> find(std::string_view token, epoch_ms now) const;
  // Remembers a verified token valid until `expires`.
  void put(std::string_view token, principal p, epoch_ms expires);
  // Forgets every token (the key set changed: a token of a removed key must be checked again).
  void clear();
  std::size_t size() const;

 private:
  struct entry {
    principal who;
    epoch_ms expires = 0;
  };
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, entry> entries_;
};

}  // namespace cityos::auth
