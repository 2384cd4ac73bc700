// SPDX-License-Identifier: Apache-2.0
// Live updates for dashboards: every accepted entity change (the store's
// change feed, whatever wrote it) pushed as a server-sent event to each open
// stream whose filter (tenant, entity types) it matches and whose caller may
// read the entity (at delivery time, like subscriptions). An event:
//   event: entity
//   data: {"op": "upsert"|"delete", "id", "type", "entity": <keyValues, core context>}
// Streams get a ": keep-alive" comment when idle. A stream that falls more than
// max_queue events behind is ended (the client reconnects and reloads).
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/http/message.h"
#include "store/store.h"

namespace cityos::api {

struct live_options {
  std::size_t max_queue = 20'000;                  // events a stream may fall behind
  std::chrono::milliseconds keep_alive{15'000};  // comment sent after this long without events
};

class live_stream;

class live_hub {
 public:
  // Listens to `st`'s change feed (call before the store is shared between threads).
  live_hub(store::store& st, live_options opt = {});
  // Ends every stream and stops the thread.
  ~live_hub();
  live_hub(live_hub const&) = delete;
  live_hub& operator=(live_hub const&) = delete;

  // A new stream of the changes in `tenant` of entities of `types` (short
  // names or IRIs; empty: all types) that `who` may read (null: all).
  std::shared_ptr<response_stream> open(std::string tenant, std::vector<std::string> types,
                                        std::shared_ptr<auth::access const> who);
  // Streams open now.
  std::size_t streams() const;
  // Events delivered to streams since start.
  std::uint64_t delivered() const;

 private:
  void run();
  void dispatch(std::vector<store::entity_change>& changes);

  // Shared with the store's change listener, which may outlive the hub.
  struct state {
    std::mutex mutex;  // guards everything below
    std::condition_variable wake;
    std::vector<store::entity_change> pending;
    std::vector<std::weak_ptr<live_stream>> streams;
    bool stop = false;
    // Counted by the stream before it hands an event on, so a reader that saw
    // the event also sees the count.
    std::atomic<std::uint64_t> delivered{0};
  };
  std::shared_ptr<state> state_ = std::make_shared<state>();
  live_options opt_;
  std::thread thread_;
};

}  // namespace cityos::api
