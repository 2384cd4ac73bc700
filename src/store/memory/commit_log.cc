// SPDX-License-Identifier: Apache-2.0
#include "store/memory/commit_log.h"

#include <algorithm>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <zlib.h>
#include <chrono>
#include <cstring>

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

std::uint32_t checksum(std::string_view s) {
  return static_cast<std::uint32_t>(
      ::crc32(0L, reinterpret_cast<Bytef const*>(s.data()), static_cast<uInt>(s.size())));
}

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

result<std::size_t> commit_log::read(std::filesystem::path const& path, read_options opt,
                                     std::function<result<void>(std::string_view)> const& fn) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::size_t{0};
  // Map the file instead of reading it: no zero-filled copy of a large log.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot read", path);
  auto const size = std::min<std::uint64_t>(std::filesystem::file_size(path, ec), opt.limit);
  void* map = nullptr;
  if (!ec && size > 0) map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return io_error("cannot map", path);
  std::string_view const data(static_cast<char const*>(map), map ? size : 0);
  struct unmap_guard {
    void* p;
    std::size_t n;
    ~unmap_guard() {
      if (p) ::munmap(p, n);
    }
  } guard{map, data.size()};
  std::size_t pos = 0;
  while (pos + 8 <= data.size()) {
    std::uint32_t const len = get_u32(data.data() + pos);
    std::uint32_t const crc = get_u32(data.data() + pos + 4);
    if (len > data.size() - pos - 8) break;  // torn payload
    std::string_view payload(data.data() + pos + 8, len);
    if (checksum(payload) != crc || (opt.strict && len == 0)) {
      std::string_view const rest = data.substr(pos);
      bool const last = pos + 8 + len == data.size();
      bool const zeros = std::all_of(rest.begin(), rest.end(), [](char ch) { return ch == '\0'; });
      if (!opt.strict || last || zeros) break;
      return make_error(error_code::internal,
                        path.string() + ": corrupt record at byte " + std::to_string(pos) + " (records follow it)");
    }
    if (auto r = fn(payload); !r) return std::move(r).err();
    pos += 8 + len;
  }
  return pos;
}

result<std::size_t> commit_log::replay(std::filesystem::path const& path,
                                       std::function<void(std::string_view)> const& fn) {
  std::size_t count = 0;
  auto intact = read(path, {}, [&](std::string_view payload) -> result<void> {
    fn(payload);
    ++count;
    return {};
  });
  if (!intact) return std::move(intact).err();
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && *intact != std::filesystem::file_size(path, ec)) {
    std::filesystem::resize_file(path, *intact, ec);  // cut the torn tail
    if (ec) return make_error(error_code::internal, "cannot truncate " + path.string());
  }
  return count;
}

result<void> commit_log::open(std::filesystem::path const& path, options opt) {
  stopping_ = false;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) return io_error("cannot open", path);
  opt_ = std::move(opt);
  std::error_code ec;
  size_ = std::filesystem::file_size(path, ec);
  thread_ = std::thread([this] { run(); });
  return {};
}

std::uint64_t commit_log::append(payload_fn fn) {
  std::lock_guard lock(mutex_);
  pending_.push_back(std::move(fn));
  std::uint64_t const seq = next_seq_++;
  if (pending_.size() == 1) work_cv_.notify_one();
  return seq;
}

void commit_log::on_durable(std::uint64_t seq, std::function<void()> done) {
  {
    std::lock_guard lock(mutex_);
    if (seq > durable_) {
      waiters_.emplace_back(seq, std::move(done));
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
  std::vector<payload_fn> batch;
  std::string buf;
  for (;;) {
    std::uint64_t last_seq;
    {
      std::unique_lock lock(mutex_);
      work_cv_.wait(lock, [&] { return !pending_.empty() || stopping_; });
      if (pending_.empty()) return;  // stopping with nothing left
      batch.swap(pending_);
      last_seq = next_seq_ - 1;
    }
    commit(batch, last_seq, buf);
    batch.clear();
  }
}

void commit_log::commit(std::vector<payload_fn>& batch, std::uint64_t last_seq,
                        std::string& buf) {
  auto const start = std::chrono::steady_clock::now();
  buf.clear();
  for (auto const& make : batch) append_frame(buf, make);
  bool ok = write_all(fd_, buf);
  if (ok && opt_.sync_each_commit) ok = ::fdatasync(fd_) == 0;
  if (!ok) std::abort();  // a lost commit must never be acknowledged
  double const secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (opt_.on_commit) opt_.on_commit(secs, batch.size());
  std::deque<std::pair<std::uint64_t, std::function<void()>>> ready;
  {
    std::lock_guard lock(mutex_);
    durable_ = last_seq;
    size_ += buf.size();
    while (!waiters_.empty() && waiters_.front().first <= durable_) {
      ready.push_back(std::move(waiters_.front()));
      waiters_.pop_front();
    }
  }
  for (auto& w : ready) w.second();
  {
    std::lock_guard lock(mutex_);
    completed_ = last_seq;
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
