// SPDX-License-Identifier: Apache-2.0
// What a safety service remembers of its alerts for its API: the open ones by
// id and the most recently closed ones, newest first. `Alert` has a string
// `id` and a bool `active`. Not thread-safe: the service's lock guards it.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>

namespace cityos::safety::feed {

template <typename Alert>
class alert_book {
 public:
  explicit alert_book(std::size_t closed_kept = 500) : closed_kept_(closed_kept) {}

  // Files the new state of an alert: an active one replaces its previous state,
  // a closed one leaves the open ones and heads the closed ones.
  void file(Alert a) {
    if (a.active) {
      active_[a.id] = std::move(a);
      return;
    }
    active_.erase(a.id);
    closed_.push_front(std::move(a));
    if (closed_.size() > closed_kept_) closed_.pop_back();
  }

  std::unordered_map<std::string, Alert> const& active() const { return active_; }
  std::deque<Alert> const& closed() const { return closed_; }

 private:
  std::size_t closed_kept_;
  std::unordered_map<std::string, Alert> active_;
  std::deque<Alert> closed_;  // newest first
};

}  // namespace cityos::safety::feed
