// SPDX-License-Identifier: Apache-2.0
#include "iot/ingester.h"

#include <algorithm>
#include <map>

#include <spdlog/spdlog.h>

#include "iot/measure_mapping.h"
#include "iot/payload.h"
#include "ngsild/jsonld/context.h"

namespace cityos::iot {

struct ingester::prepared {
  std::string tenant;
  entity_update update;
};

namespace {

result<std::vector<measure_set>> parse_payload(payload_format format, std::string_view payload) {
  if (format == payload_format::detect) {
    auto const first = payload.find_first_not_of(" \t\r\n");
    bool const is_json = first != std::string_view::npos && (payload[first] == '{' || payload[first] == '[');
    format = is_json ? payload_format::json : payload_format::ultralight;
  }
  return format == payload_format::json ? parse_json_measures(payload) : parse_ultralight(payload);
}

bool has_time(measure_set const& m) {
  return std::any_of(m.begin(), m.end(), [](measure const& x) { return x.key == kTimeInstant; });
}

store::mutation put(json::object e) { return {store::mutation::kind::put, std::move(e)}; }

}  // namespace

ingester::ingester(store::store& s, registry& r, std::function<std::string()> now,
                   std::size_t max_queue)
    : store_(s), registry_(r), now_(std::move(now)), max_queue_(max_queue),
      worker_([this] { run(); }) {}

ingester::~ingester() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  worker_.join();
}

result<std::vector<ingester::prepared>> ingester::prepare(
    std::string_view apikey, std::string_view device_id, std::string_view resource,
    payload_format format, std::string_view payload, std::optional<std::string> const& time,
    std::string const& now) {
  auto sets = parse_payload(format, payload);
  if (!sets) {
    ++rejected_payloads_;
    spdlog::warn("iot: rejected payload of device '{}' (apikey '{}'): {}", device_id, apikey,
                 sets.err().detail);
    return std::move(sets).err();
  }
  auto dev = registry_.resolve(apikey, device_id, resource);
  if (!dev) {
    ++unknown_devices_;
    spdlog::warn("iot: measurement of device '{}' (apikey '{}') ignored: {}", device_id, apikey,
                 dev.err().detail);
    return std::move(dev).err();
  }
  if (dev->created) ++autoprovisioned_;
  auto const& ctx = *ngsild::context::core();
  std::vector<prepared> out;
  out.reserve(sets->size());
  for (auto& set : *sets) {
    if (time && !has_time(set)) set.push_back({std::string(kTimeInstant), json::string(*time)});
    auto u = map_measures(*dev->dev, dev->group.get(), set, now, ctx);
    if (!u) {
      ++rejected_payloads_;
      spdlog::warn("iot: rejected payload of device '{}' (apikey '{}'): {}", device_id, apikey,
                   u.err().detail);
      return std::move(u).err();
    }
    if (!u->rejected.empty()) {
      rejected_values_ += u->rejected.size();
      for (auto const& why : u->rejected) {
        spdlog::warn("iot: dropped value of device '{}' (apikey '{}'): {}", device_id, apikey, why);
      }
    }
    out.push_back({dev->dev->service, std::move(*u)});
  }
  return out;
}

store::commit_seq ingester::write(store::store& st, std::vector<prepared>& items, std::string const& now,
                                  std::optional<error>* first_error) {
  std::map<std::string_view, std::vector<store::batch_item>> by_tenant;
  for (auto& p : items) {
    entity_update const* u = &p.update;
    by_tenant[p.tenant].push_back({u->entity_id, [u, &now](json::object const* current) -> result<store::mutation> {
                                     auto e = apply_update(current, *u, now);
                                     if (!e) return std::move(e).err();
                                     return put(std::move(*e));
                                   }});
  }
  store::commit_seq seq = 0;
  std::vector<result<void>> results;
  for (auto const& [tenant, batch] : by_tenant) {
    results.clear();
    seq = std::max(seq, st.modify_batch(tenant, batch, results));
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (results[i]) {
        ++measures_;
        continue;
      }
      ++store_errors_;
      spdlog::warn("iot: update of entity '{}' failed: {}", batch[i].id, results[i].err().detail);
      if (first_error && !*first_error) *first_error = results[i].err();
    }
  }
  auto prev = last_seq_.load();
  while (seq > prev && !last_seq_.compare_exchange_weak(prev, seq)) {
  }
  return seq;
}

result<store::commit_seq> ingester::ingest(std::string_view apikey, std::string_view device_id,
                                           std::string_view resource, payload_format format,
                                           std::string_view payload, std::optional<std::string> time,
                                           store::store* through) {
  std::string const now = now_();
  auto items = prepare(apikey, device_id, resource, format, payload, time, now);
  if (!items) return std::move(items).err();
  std::optional<error> failure;
  auto const seq = write(through ? *through : store_, *items, now, &failure);
  if (failure) {
    bool const denied = failure->code == error_code::forbidden || failure->code == error_code::not_found;
    return make_error(denied ? failure->code : error_code::internal, "entity update failed: " + failure->detail);
  }
  return seq;
}

void ingester::submit(payload_format format, std::string apikey, std::string device_id,
                      std::string payload) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= max_queue_) {
      if (dropped_++ % 10'000 == 0) {
        spdlog::warn("iot: measurement queue full ({} waiting): dropping measurements", queue_.size());
      }
      return;
    }
    wake = queue_.empty();
    queue_.push_back({format, std::move(apikey), std::move(device_id), std::move(payload)});
    ++submitted_;
  }
  if (wake) work_cv_.notify_one();
}

store::commit_seq ingester::drain() {
  std::unique_lock lock(mutex_);
  auto const target = submitted_;
  done_cv_.wait(lock, [&] { return processed_ >= target; });
  return last_seq_;
}

ingest_counts ingester::counts() const {
  return {measures_, rejected_payloads_, rejected_values_, unknown_devices_,
          store_errors_, autoprovisioned_, dropped_};
}

void ingester::run() {
  std::vector<queued> batch;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and nothing left
      batch.swap(queue_);
    }
    process(batch);
    {
      std::lock_guard lock(mutex_);
      processed_ += batch.size();
    }
    done_cv_.notify_all();
    batch.clear();
  }
}

void ingester::process(std::vector<queued>& batch) {
  std::string const now = now_();
  std::vector<prepared> items;
  for (auto& q : batch) {
    auto p = prepare(q.apikey, q.device_id, "", q.format, q.payload, std::nullopt, now);
    if (p) std::move(p->begin(), p->end(), std::back_inserter(items));
    if (items.size() >= kMaxBatch) {
      write(store_, items, now, nullptr);
      items.clear();
    }
  }
  if (!items.empty()) write(store_, items, now, nullptr);
}

}  // namespace cityos::iot
