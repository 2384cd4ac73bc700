// SPDX-License-Identifier: Apache-2.0
#include "auth/token_cache.h"

namespace cityos::auth {

std::optional<principal> token_cache::find(std::string_view token, epoch_ms now) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(std::string(token));
  if (it == entries_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.who;
}

void token_cache::put(std::string_view token, principal p, epoch_ms expires) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= capacity_) entries_.clear();  // simple bound; a full cache refills from verification
  entries_.insert_or_assign(std::string(token), entry{std::move(p), expires});
}

void token_cache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

std::size_t token_cache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace cityos::auth
