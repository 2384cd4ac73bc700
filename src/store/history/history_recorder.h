// SPDX-License-Identifier: Apache-2.0
// Connects the entity store's change feed to the history: the returned
// listener hands each batch of changes to history_store::enqueue(), which
// diffs them into attribute instances (change_diff.h) under the store's write
// lock, where the entities are hot, and queues those for the history's writer
// thread (no I/O under the lock). The changes stay the store's: their trees
// are freed by the writing thread, after the lock.
#pragma once

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "store/history/history.h"
#include "store/store.h"

namespace cityos::store {

// A change listener recording into `history`, which must outlive the store.
// Register make_history_pacer(history) with it, so that writers slow down while
// the history is far behind.
// Changes of entities having a type whose local name (after the last '/',
// '#' or ':') is in `skip_types` are not recorded (e.g. a service's derived
// records whose history is kept elsewhere), nor those of the entities
// `skip_ids` (e.g. the location tags of watched persons, kept only for the
// watch-over's retention).
inline change_listener make_history_recorder(history_store& history, std::vector<std::string> skip_types = {},
                                             std::unordered_set<std::string> skip_ids = {}) {
  if (skip_types.empty() && skip_ids.empty()) {
    return [&history](std::vector<entity_change>&& changes) { history.enqueue(changes); };
  }
  return [&history, skip = std::move(skip_types), ids = std::move(skip_ids)](std::vector<entity_change>&& changes) {
    auto skipped = [&skip, &ids](entity_change const& c) {
      if (ids.contains(c.id)) return true;
      auto const& e = c.after ? c.after : c.before;
      auto const* types = e ? e->if_contains("type") : nullptr;
      if (!types || !types->is_array()) return false;
      for (auto const& t : types->get_array()) {
        if (!t.is_string()) continue;
        std::string_view iri = t.get_string();
        auto const cut = iri.find_last_of("/#:");
        std::string_view const local = cut == std::string_view::npos ? iri : iri.substr(cut + 1);
        if (std::find(skip.begin(), skip.end(), local) != skip.end()) return true;
      }
      return false;
    };
    std::erase_if(changes, skipped);
    if (!changes.empty()) history.enqueue(changes);
  };
}

// A store pacer (store::add_change_pacer) waiting while `history` is far behind.
inline std::function<void()> make_history_pacer(history_store& history) {
  return [&history] { history.wait_for_room(); };
}

}  // namespace cityos::store
