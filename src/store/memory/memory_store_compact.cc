// SPDX-License-Identifier: Apache-2.0
// memory_store compaction: the log is rotated to wal.old under the state lock,
// the state captured then is written to a new snapshot in the background, and
// wal.old is removed. Every record is a full put or delete, so replaying
// wal.old over a snapshot taken after it is harmless: a crash at any step
// leaves a loadable directory.
#include <filesystem>
#include <optional>

#include "store/memory/index_keys.h"
#include "store/memory/log_record.h"
#include "store/memory/memory_store.h"

namespace cityos::store {

namespace {


struct captured_entity {
  std::string id;
  entity_blob blob;
};

constexpr std::size_t kCaptureChunk = 4096;  // entities copied per shared-lock hold

}  // namespace

bool compaction_due(std::uint64_t log_bytes, std::uint64_t snapshot_bytes, std::uint64_t min_bytes) {
  return log_bytes > min_bytes && log_bytes > snapshot_bytes;
}

result<void> memory_store::compact() {
  if (opt_.data_dir.empty()) return {};
  auto const dir = opt_.data_dir;
  std::vector<std::string> tenant_names;
  doc_map docs;
  {
    std::unique_lock lock(state_mutex_);
    bool const was_open = log_.durable_seq() > 0 || std::filesystem::exists(dir / kLogFile);
    log_.close();  // flushes everything pending
    std::error_code ec;
    if (was_open && std::filesystem::exists(dir / kLogFile)) {
      if (std::filesystem::exists(dir / kOldLogFile)) {
        // Keep both: append the current log to the old one.
        std::filesystem::path const merged = dir / kOldLogFile;
        std::vector<std::string> payloads;
        auto r = commit_log::replay(dir / kLogFile, [&](std::string_view p) {
          payloads.emplace_back(p);
        });
        if (!r) return std::move(r).err();
        std::vector<std::string> old;
        auto r2 = commit_log::replay(merged, [&](std::string_view p) { old.emplace_back(p); });
        if (!r2) return std::move(r2).err();
        old.insert(old.end(), payloads.begin(), payloads.end());
        std::size_t i = 0;
        auto w = commit_log::write_file(merged, [&](std::string& out) {
          if (i == old.size()) return false;
          out = old[i++];
          return true;
        });
        if (!w) return w;
        std::filesystem::remove(dir / kLogFile, ec);
      } else {
        std::filesystem::rename(dir / kLogFile, dir / kOldLogFile, ec);
        if (ec) return make_error(error_code::internal, "cannot rotate log: " + ec.message());
      }
    }
    for (auto const& [tenant, ts] : tenants_) tenant_names.push_back(tenant);
    docs = documents_;
    if (auto r = log_.open(dir / kLogFile, {opt_.sync_each_commit, opt_.on_commit}); !r) return r;
  }
  // Entities are copied in chunks under the shared lock, so writers wait at
  // most one chunk. Writes after the rotation are in the new log, so it does
  // not matter whether a chunk sees them.
  std::size_t tenant_idx = 0, i = 0;
  std::vector<captured_entity> chunk;
  std::optional<std::string> last_id;
  auto fill_chunk = [&] {
    chunk.clear();
    i = 0;
    std::shared_lock lock(state_mutex_);
    while (chunk.empty() && tenant_idx < tenant_names.size()) {
      auto t = tenants_.find(tenant_names[tenant_idx]);
      if (t != tenants_.end()) {
        auto& by_id = t->second.by_id;
        auto it = last_id ? by_id.upper_bound(*last_id) : by_id.begin();
        for (; it != by_id.end() && chunk.size() < kCaptureChunk; ++it) {
          chunk.push_back({it->first, it->second});
        }
      }
      if (chunk.empty()) {
        ++tenant_idx;
        last_id.reset();
      } else {
        last_id = chunk.back().id;
      }
    }
  };
  index_key_reader keys;
  auto doc_it = docs.begin();
  auto key_it = doc_it == docs.end() ? decltype(doc_it->second.begin()){} : doc_it->second.begin();
  auto next = [&](std::string& out) {
    if (i == chunk.size()) fill_chunk();
    if (i < chunk.size()) {
      auto const& c = chunk[i++];
      auto const k = keys.read(*c.blob);
      write_snapshot_record(out, tenant_names[tenant_idx], c.id, k.types, k.boxes, *c.blob);
      return true;
    }
    while (doc_it != docs.end() && key_it == doc_it->second.end()) {
      if (++doc_it != docs.end()) key_it = doc_it->second.begin();
    }
    if (doc_it == docs.end()) return false;
    write_document_record(out, doc_it->first, key_it->first, &key_it->second);
    ++key_it;
    return true;
  };
  if (auto r = commit_log::write_file(dir / kSnapshotFile, next); !r) return r;
  std::error_code ec;
  std::filesystem::remove(dir / kOldLogFile, ec);
  auto const snapshot_size = std::filesystem::file_size(dir / kSnapshotFile, ec);
  snapshot_bytes_ = ec ? 0 : snapshot_size;
  return {};
}

void memory_store::maintain() {
  std::unique_lock lock(maintain_mutex_);
  while (!stopping_) {
    maintain_cv_.wait_for(lock, std::chrono::seconds(1));
    if (stopping_) break;
    auto const log_bytes = log_.size_bytes();
    if (compaction_due(log_bytes, snapshot_bytes_.load(), opt_.compact_min_bytes)) {
      lock.unlock();
      (void)compact();  // on failure the log keeps growing; retried next round
      lock.lock();
    }
  }
}

}  // namespace cityos::store
