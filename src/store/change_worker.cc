// SPDX-License-Identifier: Apache-2.0
#include "store/change_worker.h"

#include "common/thread_name.h"

namespace cityos::store {

void change_worker::start(store& st, std::string tenant, filter_fn wanted, std::chrono::milliseconds interval,
                          process_fn process, check_fn check) {
  st.add_change_listener(
      [inbox = inbox_, wanted = std::move(wanted), tenant = std::move(tenant)](std::vector<entity_change>&& cs) {
        std::vector<entity_change> mine;
        for (auto& c : cs) {
          if (c.after && c.tenant == tenant && wanted(c)) mine.push_back(std::move(c));
        }
        inbox->push(std::move(mine));
      });
  thread_ = std::thread([inbox = inbox_, interval, process = std::move(process), check = std::move(check)] {
    name_this_thread("change-worker");
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

}  // namespace cityos::store
