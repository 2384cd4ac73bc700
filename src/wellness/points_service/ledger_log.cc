// SPDX-License-Identifier: Apache-2.0
#include "wellness/points_service/ledger_log.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <zlib.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace cityos::wellness::points_service {

namespace {

std::uint32_t get_u32(char const* p) {
  auto u = [&](int i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])); };
  return u(0) | (u(1) << 8) | (u(2) << 16) | (u(3) << 24);
}

std::uint32_t checksum(std::string_view s) {
  return static_cast<std::uint32_t>(::crc32(0L, reinterpret_cast<Bytef const*>(s.data()), static_cast<uInt>(s.size())));
}

error io_error(std::string_view what, std::filesystem::path const& p) {
  return make_error(error_code::internal, fmt::format("{} {}: {}", what, p.string(), std::strerror(errno)));
}

// The first `limit` bytes of a file, mapped read-only (empty for an empty file).
class mapped_file {
 public:
  static result<mapped_file> open(std::filesystem::path const& path, std::size_t limit) {
    mapped_file m;
    if (limit == 0) return m;
    int const fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return io_error("cannot read", path);
    void* p = ::mmap(nullptr, limit, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED) return io_error("cannot map", path);
    m.data_ = p;
    m.size_ = limit;
    return m;
  }
  mapped_file() = default;
  mapped_file(mapped_file&& o) noexcept : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
  mapped_file& operator=(mapped_file&&) = delete;
  ~mapped_file() {
    if (data_) ::munmap(data_, size_);
  }
  std::string_view view() const { return {static_cast<char const*>(data_), size_}; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

bool all_zero(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == '\0'; });
}

}  // namespace

result<std::size_t> ledger_log::scan(std::string_view data,
                                     std::function<result<void>(std::string_view)> const& fn) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::string_view const rest = data.substr(pos);
    if (rest.size() < 8) break;  // torn header
    std::uint32_t const len = get_u32(rest.data());
    std::uint32_t const crc = get_u32(rest.data() + 4);
    if (len > rest.size() - 8) break;  // torn payload
    std::string_view const payload = rest.substr(8, len);
    bool const last = 8 + static_cast<std::size_t>(len) == rest.size();
    if (len == 0 || checksum(payload) != crc) {
      if (last || all_zero(rest)) break;  // a crash mid-write (or a zero-filled tail)
      return make_error(error_code::internal,
                        fmt::format("points ledger: corrupt record at byte {} (records follow it)", pos));
    }
    if (fn) {
      if (auto r = fn(payload); !r) return std::move(r).err();
    }
    pos += 8 + len;
  }
  return pos;
}

result<std::unique_ptr<ledger_log>> ledger_log::open(std::filesystem::path const& path, options opt) {
  std::error_code ec;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return make_error(error_code::internal, fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
  }
  std::unique_ptr<ledger_log> log(new ledger_log(path));
  if (std::filesystem::exists(path, ec)) {
    auto const size = std::filesystem::file_size(path, ec);
    if (ec) return make_error(error_code::internal, fmt::format("cannot stat {}: {}", path.string(), ec.message()));
    std::size_t intact = 0;
    {
      auto m = mapped_file::open(path, size);
      if (!m) return std::move(m).err();
      auto n = scan(m->view(), {});
      if (!n) return make_error(error_code::internal, fmt::format("{}: {}", path.string(), n.err().detail));
      intact = *n;
    }
    if (intact != size) {
      std::filesystem::resize_file(path, intact, ec);  // drop the torn tail before appending after it
      if (ec) return make_error(error_code::internal, fmt::format("cannot truncate {}: {}", path.string(), ec.message()));
    }
  }
  store::commit_log::options lo;
  lo.sync_each_commit = opt.sync;
  if (auto r = log->log_.open(path, std::move(lo)); !r) return std::move(r).err();
  return log;
}

ledger_log::~ledger_log() { log_.close(); }

result<std::size_t> ledger_log::read_all(std::function<result<void>(std::string_view)> const& fn) const {
  auto const size = static_cast<std::size_t>(log_.size_bytes());
  auto m = mapped_file::open(path_, size);
  if (!m) return std::move(m).err();
  std::size_t count = 0;
  auto n = scan(m->view(), [&](std::string_view rec) -> result<void> {
    ++count;
    return fn(rec);
  });
  if (!n) return std::move(n).err();
  if (*n != size) return make_error(error_code::internal, fmt::format("{}: a durable record is torn", path_.string()));
  return count;
}

std::uint64_t ledger_log::append(std::string record) {
  return log_.append([r = std::move(record)](std::string& out) { out += r; });
}

}  // namespace cityos::wellness::points_service
