// SPDX-License-Identifier: Apache-2.0
#include "wellness/points_service/transaction_log.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "store/memory/commit_log.h"
#include "wellness/points_service/ledger_log.h"

namespace cityos::wellness::points_service {

namespace {

class store_log final : public transaction_log {
 public:
  explicit store_log(store::store& st) : store_(st) {
    waiter_ = [&st](std::uint64_t seq, std::function<void()> done) { st.on_durable(seq, std::move(done)); };
  }

  result<void> read_all(std::function<result<void>(transaction&&)> const& fn) const override {
    for (auto const& [key, doc] : store_.documents(kTransactions)) {
      auto t = transaction_from_json(doc);
      if (!t) return make_error(error_code::internal, fmt::format("points transaction {}: {}", key, t.err().detail));
      if (auto r = fn(std::move(*t)); !r) return r;
    }
    return {};
  }

  std::uint64_t write(transaction const& t) override {
    return store_.put_document(kTransactions, transaction_key(t.seq), to_json(t));
  }

  void flush() override { store_.flush(); }

 private:
  store::store& store_;
};

class file_log final : public transaction_log {
 public:
  explicit file_log(std::unique_ptr<ledger_log> log) : log_(std::move(log)) {
    waiter_ = [l = log_.get()](std::uint64_t seq, std::function<void()> done) { l->on_durable(seq, std::move(done)); };
  }

  result<void> read_all(std::function<result<void>(transaction&&)> const& fn) const override {
    auto n = log_->read_all([&](std::string_view text) -> result<void> {
      auto v = parse_json(text);
      if (!v) return make_error(error_code::internal, fmt::format("points ledger record: {}", v.err().detail));
      auto t = transaction_from_json(*v);
      if (!t) return make_error(error_code::internal, fmt::format("points ledger record: {}", t.err().detail));
      return fn(std::move(*t));
    });
    if (!n) return std::move(n).err();
    return {};
  }

  std::uint64_t write(transaction const& t) override {
    std::string text;
    text.reserve(1024);
    dump_to(to_json(t), text);
    return log_->append(std::move(text));
  }

  void flush() override { log_->flush(); }

 private:
  std::unique_ptr<ledger_log> log_;
};

// Writes the transactions kept as store documents into a fresh ledger file
// (atomically: a crash leaves either no ledger or the whole one), then drops
// the documents from the store. Returns how many there were.
result<std::size_t> migrate(std::filesystem::path const& file, store::store& st) {
  auto docs = st.documents(kTransactions);
  if (docs.empty()) return std::size_t{0};
  for (auto const& [key, doc] : docs) {  // check all before writing any
    if (auto t = transaction_from_json(doc); !t) {
      return make_error(error_code::internal, fmt::format("points transaction {}: {}", key, t.err().detail));
    }
  }
  std::size_t i = 0;
  auto written = store::commit_log::write_file(file, [&](std::string& out) {
    if (i == docs.size()) return false;
    dump_to(docs[i++].second, out);
    return true;
  });
  if (!written) return std::move(written).err();
  for (auto const& [key, doc] : docs) st.erase_document(kTransactions, key);
  st.flush();
  return docs.size();
}

}  // namespace

std::unique_ptr<transaction_log> store_transactions(store::store& st) { return std::make_unique<store_log>(st); }

result<std::unique_ptr<transaction_log>> ledger_transactions(ledger_options const& opt, store::store& st) {
  auto opened = ledger_log::open(opt.file, {opt.sync});
  if (!opened) return std::move(opened).err();
  std::unique_ptr<ledger_log> log = std::move(*opened);
  if (log->size_bytes() == 0 && !st.documents(kTransactions).empty()) {
    log.reset();  // closed: the file is replaced
    auto n = migrate(opt.file, st);
    if (!n) return std::move(n).err();
    spdlog::info("points: {} transactions moved from the store into {}", *n, opt.file.string());
    auto again = ledger_log::open(opt.file, {opt.sync});
    if (!again) return std::move(again).err();
    log = std::move(*again);
  }
  return std::unique_ptr<transaction_log>(std::make_unique<file_log>(std::move(log)));
}

}  // namespace cityos::wellness::points_service
