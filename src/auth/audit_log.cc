// SPDX-License-Identifier: Apache-2.0
#include "auth/audit_log.h"

#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <fstream>

#include "common/thread_name.h"

namespace cityos::auth {

namespace {

std::string sha256_hex(std::string_view s) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<unsigned char const*>(s.data()), s.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

std::string str(json::object const& o, char const* k) {
  auto const* v = o.if_contains(k);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool matches(json::object const& o, audit_filter const& f) {
  if (!f.who.empty() && str(o, "who") != f.who) return false;
  if (!f.target.empty() && str(o, "target") != f.target) return false;
  if (!f.action.empty() && str(o, "action") != f.action) return false;
  if (f.since || f.until) {
    auto const at = parse_iso8601(str(o, "at"));
    if (!at) return false;
    if (f.since && *at < *f.since) return false;
    if (f.until && *at >= *f.until) return false;
  }
  return true;
}

}  // namespace

result<std::unique_ptr<audit_log>> audit_log::open(std::filesystem::path file) {
  if (sodium_init() < 0) return make_error(error_code::internal, "audit: libsodium failed to initialise");
  std::unique_ptr<audit_log> log(new audit_log());
  if (file.empty()) return log;
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  log->file_ = file;
  for (auto const& line : log->lines()) {  // no writer yet: nothing pending
    log->prev_ = sha256_hex(line);
    ++log->count_;
  }
  log->out_ = std::fopen(file.c_str(), "ab");
  if (log->out_ == nullptr) {
    return make_error(error_code::unavailable, "audit: cannot open " + file.string() + " for appending");
  }
  log->writer_ = std::thread([l = log.get()] {
    name_this_thread("audit-log");
    l->run_writer();
  });
  return log;
}

audit_log::~audit_log() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (writer_.joinable()) writer_.join();
  if (out_ != nullptr) {
    flush_locked();
    std::fclose(out_);
  }
}

void audit_log::flush_locked() const {
  if (out_ == nullptr || pending_.empty()) return;
  std::fwrite(pending_.data(), 1, pending_.size(), out_);
  std::fflush(out_);  // in the OS: a crash of the process loses nothing written
  pending_.clear();
}

void audit_log::run_writer() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(50));
    flush_locked();
  }
}

std::vector<std::string> audit_log::lines() const {
  if (file_.empty()) return memory_;
  flush_locked();
  std::vector<std::string> out;
  std::ifstream in(file_);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(std::move(line));
  }
  return out;
}

void audit_log::record(audit_record r) {
  json::object o;
  o["at"] = format_iso8601(r.at);
  o["who"] = r.who;
  o["via"] = r.via;
  o["remote"] = r.remote;
  o["action"] = r.action;
  o["tenant"] = r.tenant;
  o["target"] = r.target;
  if (r.status != 0) o["status"] = r.status;
  std::lock_guard lock(mutex_);
  o["prev"] = prev_;
  std::string line = dump(json::value(std::move(o)));
  prev_ = sha256_hex(line);
  ++count_;
  if (out_ == nullptr) {
    memory_.push_back(std::move(line));
    return;
  }
  pending_ += line;
  pending_ += '\n';
}

std::vector<json::object> audit_log::query(audit_filter const& filter) const {
  std::vector<std::string> all;
  {
    std::lock_guard lock(mutex_);
    all = lines();
  }
  std::vector<json::object> out;
  for (auto it = all.rbegin(); it != all.rend() && out.size() < filter.limit; ++it) {
    auto v = parse_json(*it);
    if (!v || !v->is_object()) continue;
    if (matches(v->get_object(), filter)) out.push_back(std::move(v->get_object()));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

result<std::uint64_t> audit_log::verify() const {
  std::vector<std::string> all;
  {
    std::lock_guard lock(mutex_);
    all = lines();
  }
  std::string prev;
  std::uint64_t n = 0;
  for (auto const& line : all) {
    ++n;
    auto v = parse_json(line);
    if (!v || !v->is_object() || str(v->get_object(), "prev") != prev) {
      return make_error(error_code::bad_request, "audit log: the chain breaks at record " + std::to_string(n));
    }
    prev = sha256_hex(line);
  }
  return n;
}

std::uint64_t audit_log::size() const {
  std::lock_guard lock(mutex_);
  return count_;
}

}  // namespace cityos::auth
