// SPDX-License-Identifier: Apache-2.0
#include "store/memory/commit_log.h"

#include <algorithm>
#include <atomic>
#include <optional>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <libdeflate.h>
#include <chrono>
#include <cstring>

#include "common/thread_name.h"

namespace cityos::store {

namespace {

void put_u32(std::string& out, std::uint32_t v) {
  char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
               static_cast<char>(v >> 24)};
  out.append(b, 4);
}

std::uint32_t get_u32(char const* p) {
  auto u = [&](int i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])); };
  return u(0) | (u(1) << 8) | (u(2) << 16) | (u(3) << 24);
}

// CRC-32 (zlib's polynomial and result) with libdeflate's carry-less
// multiply code: 4-13x zlib's speed on 64 B-1 MB frames, so replaying a log at
// start-up no longer spends a sixth of its time here.
std::uint32_t checksum(std::string_view s) { return libdeflate_crc32(0, s.data(), s.size()); }

// Appends a framed record whose payload `make` writes.
void append_frame(std::string& buf, commit_log::payload_fn const& make) {
  std::size_t const header = buf.size();
  buf.append(8, '\0');
  make(buf);
  std::string_view payload(buf.data() + header + 8, buf.size() - header - 8);
  std::string frame;
  put_u32(frame, static_cast<std::uint32_t>(payload.size()));
  put_u32(frame, checksum(payload));
  std::memcpy(buf.data() + header, frame.data(), 8);
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

error io_error(std::string_view what, std::filesystem::path const& p) {
  return make_error(error_code::internal,
                    std::string(what) + " " + p.string() + ": " + std::strerror(errno));
}

}  // namespace

commit_log::~commit_log() { close(); }

namespace {

// A read-only mapping of a file, unmapped with the last reference.
struct file_mapping {
  void* addr = nullptr;
  std::size_t size = 0;
  file_mapping() = default;
  file_mapping(file_mapping const&) = delete;
  file_mapping& operator=(file_mapping const&) = delete;
  ~file_mapping() {
    if (addr) ::munmap(addr, size);
  }
  std::string_view data() const { return {static_cast<char const*>(addr), size}; }
};

// Maps at most `limit` bytes of `path`; null for a missing or empty file.
// Mapping instead of reading: no zero-filled copy of a large log.
result<std::shared_ptr<file_mapping const>> map_file(std::filesystem::path const& path, std::uint64_t limit) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::shared_ptr<file_mapping const>{};
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot read", path);
  auto const size = std::min<std::uint64_t>(std::filesystem::file_size(path, ec), limit);
  if (ec || size == 0) {
    ::close(fd);
    return std::shared_ptr<file_mapping const>{};
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return io_error("cannot map", path);
  auto m = std::make_shared<file_mapping>();
  m->addr = map;
  m->size = size;
  return std::shared_ptr<file_mapping const>(std::move(m));
}

// Checks one frame at `pos`: its payload when whole and intact, else nullopt.
std::optional<std::string_view> intact_frame(std::string_view data, std::size_t pos, bool strict) {
  if (pos + 8 > data.size()) return std::nullopt;
  std::uint32_t const len = get_u32(data.data() + pos);
  std::uint32_t const crc = get_u32(data.data() + pos + 4);
  if (len > data.size() - pos - 8) return std::nullopt;  // torn payload
  std::string_view payload(data.data() + pos + 8, len);
  if (checksum(payload) != crc || (strict && len == 0)) return std::nullopt;
  return payload;
}

// The end of the frame that failed at `pos`: a torn tail, or under `strict` a
// corrupt record inside the file (not the last frame and not trailing zeros).
bool corrupt_inside(std::string_view data, std::size_t pos, bool strict) {
  if (!strict || pos + 8 > data.size()) return false;
  std::uint32_t const len = get_u32(data.data() + pos);
  if (len > data.size() - pos - 8) return false;
  std::string_view const rest = data.substr(pos);
  bool const last = pos + 8 + len == data.size();
  bool const zeros = std::all_of(rest.begin(), rest.end(), [](char ch) { return ch == '\0'; });
  return !last && !zeros;
}

error corrupt_error(std::filesystem::path const& path, std::size_t pos) {
  return make_error(error_code::internal,
                    path.string() + ": corrupt record at byte " + std::to_string(pos) + " (records follow it)");
}

// The payload of the frame at `pos`, already verified.
std::string_view verified_payload(std::string_view data, std::size_t pos) {
  return data.substr(pos + 8, get_u32(data.data() + pos));
}

// The frames of `data` in order (read()'s contract); returns the intact prefix's
// length. A large file's checksums are verified on a second thread ahead of the
// records handed to `fn` (the checksum is a quarter of a start-up's CPU), so `fn`
// only ever sees verified records, in order, on the calling thread.
result<std::size_t> scan(std::string_view data, std::filesystem::path const& path, commit_log::read_options opt,
                         std::function<result<void>(std::string_view)> const& fn) {
  if (data.size() < opt.parallel_verify_bytes) {
    std::size_t pos = 0;
    while (auto payload = intact_frame(data, pos, opt.strict)) {
      if (auto r = fn(*payload); !r) return std::move(r).err();
      pos += 8 + payload->size();
    }
    if (corrupt_inside(data, pos, opt.strict)) return corrupt_error(path, pos);
    return pos;
  }
  constexpr std::size_t kPublishBytes = 1 << 20;  // hand over verified frames per MiB
  // (verified bytes << 1) | 1 once the verifier has finished: every store changes it.
  std::atomic<std::uint64_t> progress{0};
  std::atomic<bool> stop{false};
  std::thread verifier([&] {
    std::size_t pos = 0, published = 0;
    while (!stop.load(std::memory_order_relaxed)) {
      auto payload = intact_frame(data, pos, opt.strict);
      if (!payload) break;
      pos += 8 + payload->size();
      if (pos - published >= kPublishBytes) {
        progress.store(std::uint64_t{pos} << 1, std::memory_order_release);
        progress.notify_one();
        published = pos;
      }
    }
    progress.store((std::uint64_t{pos} << 1) | 1, std::memory_order_release);
    progress.notify_one();
  });
  struct joiner {
    std::thread& t;
    std::atomic<bool>& stop;
    ~joiner() {
      stop.store(true);
      t.join();
    }
  } join{verifier, stop};
  std::size_t pos = 0;
  for (;;) {
    std::uint64_t const seen = progress.load(std::memory_order_acquire);
    auto const upto = static_cast<std::size_t>(seen >> 1);
    while (pos < upto) {
      auto const payload = verified_payload(data, pos);
      if (auto r = fn(payload); !r) return std::move(r).err();
      pos += 8 + payload.size();
    }
    if (seen & 1) break;
    progress.wait(seen, std::memory_order_acquire);
  }
  if (corrupt_inside(data, pos, opt.strict)) return corrupt_error(path, pos);
  return pos;
}

// Cuts `path` after its intact prefix of `intact` bytes.
result<void> cut_torn_tail(std::filesystem::path const& path, std::size_t intact) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && intact != std::filesystem::file_size(path, ec)) {
    std::filesystem::resize_file(path, intact, ec);
    if (ec) return make_error(error_code::internal, "cannot truncate " + path.string());
  }
  return {};
}

}  // namespace

result<std::size_t> commit_log::read(std::filesystem::path const& path, read_options opt,
                                     std::function<result<void>(std::string_view)> const& fn) {
  auto m = map_file(path, opt.limit);
  if (!m) return std::move(m).err();
  return scan(*m ? (*m)->data() : std::string_view{}, path, opt, fn);
}

result<std::size_t> commit_log::replay(std::filesystem::path const& path,
                                       std::function<void(std::string_view)> const& fn) {
  return replay_mapped(path, [&](std::string_view payload, std::shared_ptr<void const> const&) { fn(payload); });
}

result<std::size_t> commit_log::replay_mapped(std::filesystem::path const& path, mapped_record_fn const& fn) {
  auto m = map_file(path, UINT64_MAX);
  if (!m) return std::move(m).err();
  std::shared_ptr<void const> const mapping = *m;
  std::size_t count = 0;
  auto intact = scan(*m ? (*m)->data() : std::string_view{}, path, {}, [&](std::string_view payload) -> result<void> {
    fn(payload, mapping);
    ++count;
    return {};
  });
  if (!intact) return std::move(intact).err();
  // Only the torn tail is cut: no record a caller keeps a view of lies past it.
  if (auto r = cut_torn_tail(path, *intact); !r) return std::move(r).err();
  return count;
}

result<void> commit_log::open(std::filesystem::path const& path, options opt) {
  stopping_ = false;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) return io_error("cannot open", path);
  opt_ = std::move(opt);
  std::error_code ec;
  size_ = std::filesystem::file_size(path, ec);
  thread_ = std::thread([this] {
    name_this_thread("log-commit");
    run();
  });
  return {};
}

std::uint64_t commit_log::append(payload_fn fn) {
  std::lock_guard lock(mutex_);
  pending_.push_back(std::move(fn));
  std::uint64_t const seq = next_seq_++;
  if (pending_.size() == 1 && idle_) work_cv_.notify_one();
  return seq;
}

void commit_log::on_durable(std::uint64_t seq, std::function<void()> done) {
  {
    std::unique_lock lock(mutex_);
    if (seq > durable_) {
      waiters_.emplace_back(seq, std::move(done));
      if (commits_inline() && !committing_) commit_pending(lock, kInlineRounds);
      return;
    }
  }
  done();
}

std::uint64_t commit_log::durable_seq() const {
  std::lock_guard lock(mutex_);
  return durable_;
}

std::uint64_t commit_log::size_bytes() const {
  std::lock_guard lock(mutex_);
  return size_;
}

void commit_log::flush() {
  std::unique_lock lock(mutex_);
  std::uint64_t const target = next_seq_ - 1;
  if (commits_inline() && fd_ >= 0 && !committing_ && completed_ < target) commit_pending(lock, 1);
  if (completed_ < target) {  // the commit thread (or the one committing now) takes the rest at once
    hurry_ = true;
    work_cv_.notify_one();
  }
  durable_cv_.wait(lock, [&] { return completed_ >= target || fd_ < 0; });
}

void commit_log::close() {
  {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable()) return;
    stopping_ = true;
  }
  work_cv_.notify_one();
  thread_.join();
  ::close(fd_);
  fd_ = -1;
}

void commit_log::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    idle_ = true;
    work_cv_.wait(lock, [&] { return !pending_.empty() || stopping_; });
    idle_ = false;
    if (commits_inline()) {
      // Leave the records a moment to a caller of on_durable(), who commits
      // them on its own thread; take them if nobody did.
      work_cv_.wait_for(lock, kIdleCommit, [&] { return stopping_ || hurry_; });
    }
    hurry_ = false;
    if (committing_) {
      durable_cv_.wait(lock, [&] { return !committing_; });
      continue;
    }
    if (pending_.empty()) {
      if (stopping_) return;
      continue;
    }
    commit_pending(lock, 1);
  }
}

void commit_log::commit_pending(std::unique_lock<std::mutex>& lock, int rounds) {
  committing_ = true;
  std::vector<payload_fn> batch;
  std::deque<std::pair<std::uint64_t, std::function<void()>>> ready;
  for (int round = 0; round < rounds && !pending_.empty(); ++round) {
    batch.swap(pending_);
    std::uint64_t const last_seq = next_seq_ - 1;
    lock.unlock();
    auto const start = std::chrono::steady_clock::now();
    buf_.clear();
    for (auto const& make : batch) append_frame(buf_, make);
    bool ok = write_all(fd_, buf_);
    if (ok && opt_.sync_each_commit) ok = ::fdatasync(fd_) == 0;
    if (!ok) std::abort();  // a lost commit must never be acknowledged
    double const secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (opt_.on_commit) opt_.on_commit(secs, batch.size());
    batch.clear();
    lock.lock();
    durable_ = last_seq;
    size_ += buf_.size();
    while (!waiters_.empty() && waiters_.front().first <= durable_) {
      ready.push_back(std::move(waiters_.front()));
      waiters_.pop_front();
    }
    lock.unlock();
    for (auto& w : ready) w.second();
    ready.clear();
    lock.lock();
    completed_ = last_seq;
    if (waiters_.empty()) break;  // records left pending have nobody waiting: the commit thread's
  }
  committing_ = false;
  if (!waiters_.empty()) {  // appended during the last round: the commit thread takes them now
    hurry_ = true;
    work_cv_.notify_one();
  }
  durable_cv_.notify_all();
}

result<void> commit_log::write_file(std::filesystem::path const& path,
                                    std::function<bool(std::string&)> const& next) {
  auto const tmp = std::filesystem::path(path.string() + ".tmp");
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("cannot create", tmp);
  std::string buf, payload;
  bool ok = true;
  while (ok && next(payload)) {
    append_frame(buf, [&](std::string& out) { out += payload; });
    payload.clear();
    if (buf.size() > (1 << 20)) {
      ok = write_all(fd, buf);
      buf.clear();
    }
  }
  ok = ok && write_all(fd, buf) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return io_error("cannot write", tmp);
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return make_error(error_code::internal, "cannot rename " + tmp.string());
  int dfd = ::open(path.parent_path().empty() ? "." : path.parent_path().c_str(), O_RDONLY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

}  // namespace cityos::store
