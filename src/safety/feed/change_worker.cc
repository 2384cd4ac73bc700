// SPDX-License-Identifier: Apache-2.0
#include "safety/feed/change_worker.h"

namespace cityos::safety::feed {

void change_worker::start(store::store& st, std::string tenant, std::unordered_set<std::string> ids,
                          std::chrono::milliseconds interval, process_fn process, check_fn check) {
  auto watched = std::make_shared<std::unordered_set<std::string> const>(std::move(ids));
  st.add_change_listener(
      [inbox = inbox_, watched, tenant = std::move(tenant)](std::vector<store::entity_change>&& cs) {
        std::vector<store::entity_change> mine;
        for (auto& c : cs) {
          if (c.after && c.tenant == tenant && watched->contains(c.id)) mine.push_back(std::move(c));
        }
        inbox->push(std::move(mine));
      });
  thread_ = std::thread([inbox = inbox_, interval, process = std::move(process), check = std::move(check)] {
    auto next_check = std::chrono::steady_clock::now() + interval;
    while (!inbox->closed()) {
      auto changes = inbox->wait(next_check);
      process(changes);
      inbox->done(changes.size());
      if (std::chrono::steady_clock::now() >= next_check) {
        check();
        next_check = std::chrono::steady_clock::now() + interval;
      }
    }
  });
}

void change_worker::stop() {
  inbox_->close();
  if (thread_.joinable()) thread_.join();
}

}  // namespace cityos::safety::feed
