// SPDX-License-Identifier: Apache-2.0
#include "auth/jwks_source.h"

#include <system_error>

#include "common/file.h"

namespace cityos::auth {

namespace {

bool is_url(std::string const& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

}  // namespace

jwks_source::jwks_source(passkey, jwks_source_options options)
    : opt_(std::move(options)), is_url_(is_url(opt_.location)) {
  if (!opt_.clock) opt_.clock = [] { return std::chrono::steady_clock::now(); };
}

result<std::unique_ptr<jwks_source>> jwks_source::open(jwks_source_options options) {
  if (!options.install) return make_error(error_code::bad_request, "jwks: no install function");
  if (is_url(options.location) && !options.fetch) {
    return make_error(error_code::bad_request, "jwks: " + options.location + " is a URL but there is no fetcher");
  }
  auto s = std::make_unique<jwks_source>(passkey{}, std::move(options));
  auto first = s->load();
  if (!first) return std::move(first).err();
  s->thread_ = std::thread([p = s.get()] { p->run(); });
  return s;
}

jwks_source::~jwks_source() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  done_.notify_all();
  if (thread_.joinable()) thread_.join();
}

result<bool> jwks_source::load() {
  std::string text;
  std::optional<std::filesystem::file_time_type> mtime;
  std::uintmax_t size = 0;
  if (is_url_) {
    auto got = opt_.fetch(opt_.location);
    if (!got) {
      return make_error(error_code::unavailable, "cannot fetch the JWKS " + opt_.location + ": " + got.err().detail);
    }
    text = std::move(*got);
  } else {
    std::error_code ec;
    mtime = std::filesystem::last_write_time(opt_.location, ec);
    if (!ec) size = std::filesystem::file_size(opt_.location, ec);
    if (ec) {
      return make_error(error_code::bad_request, "cannot read the JWKS file " + opt_.location + ": " + ec.message());
    }
    if (last_mtime_ && *last_mtime_ == *mtime && last_size_ == size) return false;  // unchanged
    auto file = read_file(opt_.location);
    if (!file) return make_error(error_code::bad_request, "cannot read the JWKS file " + opt_.location);
    text = std::move(*file);
  }
  if (text == last_text_ && !last_text_.empty()) {
    last_mtime_ = mtime;  // touched, same content
    last_size_ = size;
    return false;
  }
  auto set = jwks::parse(text);
  if (!set) return make_error(error_code::bad_request, "JWKS " + opt_.location + ": " + set.err().detail);
  opt_.install(std::make_shared<jwks const>(std::move(*set)));
  last_text_ = std::move(text);
  last_mtime_ = mtime;
  last_size_ = size;
  return true;
}

void jwks_source::refresh_once() {
  auto r = load();  // outside the lock: verifications and waiters are not held up
  std::size_t streak = 0, recovered = 0;
  {
    std::lock_guard lock(mu_);
    ++stats_.refreshes;
    if (r && *r) ++stats_.changes;
    if (!r) {
      ++stats_.failures;
      streak = ++streak_;
    } else {
      recovered = streak_;
      streak_ = 0;
    }
  }
  if (!r && opt_.failed) opt_.failed(r.err(), streak);
  if (r && recovered > 0 && opt_.recovered) opt_.recovered(recovered);
}

void jwks_source::run() {
  std::unique_lock lock(mu_);
  auto due = std::chrono::steady_clock::now() + opt_.refresh_interval;
  while (!stop_) {
    wake_.wait_until(lock, due, [&] { return stop_ || asked_; });
    if (stop_) break;
    asked_ = false;
    running_ = true;
    lock.unlock();
    refresh_once();
    lock.lock();
    running_ = false;
    ++finished_;
    due = std::chrono::steady_clock::now() + opt_.refresh_interval;
    done_.notify_all();
  }
}

bool jwks_source::refresh_for_unknown_kid() {
  std::unique_lock lock(mu_);
  auto const changes = stats_.changes;
  auto const now = opt_.clock();
  if (!last_kid_refresh_ || now - *last_kid_refresh_ >= opt_.min_refresh_interval) {
    last_kid_refresh_ = now;
    asked_ = true;
    wake_.notify_one();
  }
  // Wait for the refresh that serves the ask (after any running one, which may
  // predate the new key), else for the one under way; else do not wait.
  std::uint64_t target = 0;
  if (asked_) {
    target = finished_ + (running_ ? 2 : 1);
  } else if (running_) {
    target = finished_ + 1;
  } else {
    return false;
  }
  done_.wait_for(lock, opt_.unknown_kid_wait, [&] { return stop_ || finished_ >= target; });
  return stats_.changes != changes;
}

void jwks_source::refresh_soon() {
  {
    std::lock_guard lock(mu_);
    asked_ = true;
  }
  wake_.notify_one();
}

jwks_source::counters jwks_source::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace cityos::auth
