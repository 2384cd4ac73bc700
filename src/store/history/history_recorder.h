// SPDX-License-Identifier: Apache-2.0
// Connects the entity store's change feed to the history: the returned
// listener only hands each batch of changes to history_store::enqueue() (no
// diffing or I/O under the store's write lock; the history's writer thread
// turns them into attribute instances, see change_diff.h).
#pragma once

#include "store/history/history.h"
#include "store/store.h"

namespace cityos::store {

// A change listener recording into `history`, which must outlive the store.
inline change_listener make_history_recorder(history_store& history) {
  return [&history](std::vector<entity_change>&& changes) { history.enqueue(std::move(changes)); };
}

}  // namespace cityos::store
