// SPDX-License-Identifier: Apache-2.0
#include "wellness/points_service/ledger_log.h"

#include <utility>

#include <fmt/format.h>

namespace cityos::wellness::points_service {

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
    auto intact = store::commit_log::read(path, {.strict = true}, [](std::string_view) -> result<void> { return {}; });
    if (!intact) return std::move(intact).err();
    if (*intact != size) {
      std::filesystem::resize_file(path, *intact, ec);  // drop the torn tail before appending after it
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
  std::size_t count = 0;
  auto n = store::commit_log::read(path_, {.strict = true, .limit = size}, [&](std::string_view rec) -> result<void> {
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
