// SPDX-License-Identifier: Apache-2.0
// Turns device measurements into NGSI-LD attribute updates written through the
// store (so the change feed sees them). Two paths: ingest() writes one
// payload synchronously (HTTP), submit() queues one for a worker thread that
// groups queued measurements into store::modify_batch calls per tenant (MQTT).
// A bad payload, unknown device or failed write is logged (spdlog warn) and
// counted, never thrown. Thread-safe: every member may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/result.h"
#include "iot/registry.h"
#include "store/store.h"

namespace cityos::iot {

enum class payload_format {
  json,        // iotagent-json
  ultralight,  // iotagent-ul (UltraLight 2.0)
  detect,      // JSON if the payload starts with { or [, else UltraLight
};

// Counts since start; a snapshot.
struct ingest_counts {
  std::uint64_t measures = 0;           // measure sets written to an entity
  std::uint64_t rejected_payloads = 0;  // unparsable payload or invalid TimeInstant
  std::uint64_t rejected_values = 0;    // single values not convertible to their type
  std::uint64_t unknown_devices = 0;    // no group or device for apikey / device id
  std::uint64_t store_errors = 0;       // the entity write failed
  std::uint64_t autoprovisioned = 0;    // devices created by a measurement
  std::uint64_t dropped = 0;            // queue full (submit)
};

class ingester {
 public:
  static constexpr std::size_t kMaxBatch = 4096;  // items per modify_batch call

  // `s` and `r` must outlive the ingester; `now` returns the ISO 8601 time
  // used as arrival time and write time stamp. Starts the worker thread.
  ingester(store::store& s, registry& r, std::function<std::string()> now,
           std::size_t max_queue = 1'000'000);
  // Processes what is queued, then stops the worker.
  ~ingester();
  ingester(ingester const&) = delete;
  ingester& operator=(ingester const&) = delete;

  // Writes the measures of `payload` from device `device_id` of `apikey`,
  // arriving on `resource` ("/iot/json", "/iot/d"). `time`, if set, is the
  // observation time of measure sets without a TimeInstant. Returns the seq
  // that makes the writes durable. The writes go through `through` if given
  // (the caller's view of the store, auth::guarded_store: a key narrowed to
  // other types or ids writes nothing). Errors: bad_request / invalid_request
  // (bad payload), not_found (unknown apikey or device, or an entity the
  // caller may not reach), forbidden, the store's error (internal).
  result<store::commit_seq> ingest(std::string_view apikey, std::string_view device_id,
                                   std::string_view resource, payload_format format,
                                   std::string_view payload,
                                   std::optional<std::string> time = std::nullopt,
                                   store::store* through = nullptr);
  // The store the ingester writes to.
  store::store& target() const { return store_; }

  // Queues a payload for the worker; never blocks on the store. A full queue
  // drops it (counted in `dropped`).
  void submit(payload_format format, std::string apikey, std::string device_id,
              std::string payload);

  // Blocks until everything submitted before the call is written; returns the
  // highest seq written so far (wait for durability with store::on_durable).
  store::commit_seq drain();

  ingest_counts counts() const;

 private:
  struct queued {
    payload_format format;
    std::string apikey, device_id, payload;
  };
  struct prepared;  // one entity update ready to be written

  result<std::vector<prepared>> prepare(std::string_view apikey, std::string_view device_id,
                                        std::string_view resource, payload_format format,
                                        std::string_view payload,
                                        std::optional<std::string> const& time,
                                        std::string const& now);
  store::commit_seq write(store::store& st, std::vector<prepared>& items, std::string const& now,
                          std::optional<error>* first_error);
  void run();
  void process(std::vector<queued>& batch);

  store::store& store_;
  registry& registry_;
  std::function<std::string()> now_;
  std::size_t const max_queue_;

  std::mutex mutex_;  // guards queue_, submitted_, processed_, stopping_
  std::condition_variable work_cv_, done_cv_;
  std::vector<queued> queue_;
  std::uint64_t submitted_ = 0, processed_ = 0;
  bool stopping_ = false;

  std::atomic<store::commit_seq> last_seq_{0};
  std::atomic<std::uint64_t> measures_{0}, rejected_payloads_{0}, rejected_values_{0},
      unknown_devices_{0}, store_errors_{0}, autoprovisioned_{0}, dropped_{0};
  std::thread worker_;  // last member: starts once the others exist
};

}  // namespace cityos::iot
