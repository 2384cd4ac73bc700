// SPDX-License-Identifier: Apache-2.0
#include "store/history/detail/sqlite_db.h"

namespace cityos::store::detail {

sqlite_stmt& sqlite_stmt::reset() {
  sqlite3_reset(s_.get());
  sqlite3_clear_bindings(s_.get());
  bind_failed_ = false;
  return *this;
}

sqlite_stmt& sqlite_stmt::checked(int rc) {
  if (rc != SQLITE_OK) bind_failed_ = true;
  return *this;
}

sqlite_stmt& sqlite_stmt::bind(int idx, std::int64_t v) {
  return checked(sqlite3_bind_int64(s_.get(), idx, v));
}

sqlite_stmt& sqlite_stmt::bind(int idx, double v) {
  return checked(sqlite3_bind_double(s_.get(), idx, v));
}

sqlite_stmt& sqlite_stmt::bind(int idx, std::string_view v) {
  return checked(sqlite3_bind_text64(s_.get(), idx, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

sqlite_stmt& sqlite_stmt::bind_unowned(int idx, std::string_view v) {
  return checked(sqlite3_bind_text64(s_.get(), idx, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8));
}

sqlite_stmt& sqlite_stmt::bind_null(int idx) {
  return checked(sqlite3_bind_null(s_.get(), idx));
}

result<bool> sqlite_stmt::step() {
  if (bind_failed_) {
    return make_error(error_code::internal,
                      "history: a value could not be bound (a statement bound again before its reset?)");
  }
  int const rc = sqlite3_step(s_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return make_error(error_code::internal,
                    std::string("history: ") + sqlite3_errmsg(sqlite3_db_handle(s_.get())));
}

result<void> sqlite_stmt::run() {
  for (;;) {
    auto r = step();
    if (!r) return std::move(r).err();
    if (!*r) return {};
  }
}

std::string_view sqlite_stmt::text(int col) const {
  auto const* p = reinterpret_cast<char const*>(sqlite3_column_text(s_.get(), col));
  if (!p) return {};
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(s_.get(), col))};
}

result<std::unique_ptr<sqlite_db>> sqlite_db::open(std::string const& path) {
  // Once per process, before SQLite initializes: no memory statistics, whose
  // global mutex every allocation took (7 % of the history writer's
  // instructions). Nothing reads them. Refused (harmless) once initialized.
  static int const memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)memstatus_off;
  sqlite3* db = nullptr;
  int const flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int const rc = sqlite3_open_v2(path.empty() ? ":memory:" : path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return make_error(error_code::internal, "history: cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, 5000);
  return std::make_unique<sqlite_db>(build_tag{}, db);
}

sqlite_db::~sqlite_db() {
  cache_.clear();
  sqlite3_close(db_);
}

result<void> sqlite_db::exec(std::string const& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK) return {};
  std::string msg = err ? err : "error";
  sqlite3_free(err);
  return make_error(error_code::internal, "history: " + msg);
}

void sqlite_db::set_wal_hook(std::function<void(int pages)> hook) {
  wal_hook_ = std::move(hook);
  if (!wal_hook_) {
    sqlite3_wal_hook(db_, nullptr, nullptr);
    return;
  }
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3*, char const*, int pages) {
        static_cast<sqlite_db*>(self)->wal_hook_(pages);
        return SQLITE_OK;
      },
      this);
}

result<void> sqlite_db::checkpoint() {
  int const rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  // BUSY: another connection checkpoints now; the next round takes the rest.
  if (rc == SQLITE_OK || rc == SQLITE_BUSY) return {};
  return make_error(error_code::internal, std::string("history: checkpoint: ") + sqlite3_errmsg(db_));
}

result<sqlite_stmt*> sqlite_db::cached(std::string const& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
      return make_error(error_code::internal, std::string("history: ") + sqlite3_errmsg(db_));
    }
    it = cache_.emplace(sql, sqlite_stmt(s)).first;
  }
  return &it->second.reset();
}

result<sqlite_stmt*> sqlite_db::cached_at(char const* sql) {
  if (auto it = by_address_.find(sql); it != by_address_.end()) return &it->second->reset();
  auto s = cached(std::string(sql));
  if (s) by_address_.emplace(sql, *s);
  return s;
}

}  // namespace cityos::store::detail
