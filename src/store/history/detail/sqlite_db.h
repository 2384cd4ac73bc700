// SPDX-License-Identifier: Apache-2.0
// Thin RAII wrappers over the SQLite C API for the history engine: a
// connection and prepared statements. Errors come back as result<> with the
// SQLite message. Not thread-safe: one thread uses a connection at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

#include "common/result.h"

namespace cityos::store::detail {

class sqlite_stmt {
 public:
  sqlite_stmt() = default;
  explicit sqlite_stmt(sqlite3_stmt* s) : s_(s) {}

  // Clears bindings and resets for a new run.
  sqlite_stmt& reset();
  sqlite_stmt& bind(int idx, std::int64_t v);
  sqlite_stmt& bind(int idx, double v);
  sqlite_stmt& bind(int idx, std::string_view v);  // copied by SQLite
  // Not copied: `v` must stay alive and unchanged until the statement has
  // run (for text built just for one insert, which then needs no copy).
  sqlite_stmt& bind_unowned(int idx, std::string_view v);
  sqlite_stmt& bind_null(int idx);
  // Steps once: true while a row is available, false when done.
  // Errors: internal with SQLite's message, or if a bind since the last
  // reset failed (SQLite refuses binds to a stepped statement).
  result<bool> step();
  // Runs to completion (for writes). Errors: internal.
  result<void> run();

  std::int64_t int64(int col) const { return sqlite3_column_int64(s_.get(), col); }
  double real(int col) const { return sqlite3_column_double(s_.get(), col); }
  bool is_null(int col) const { return sqlite3_column_type(s_.get(), col) == SQLITE_NULL; }
  // Valid until the next step/reset of this statement.
  std::string_view text(int col) const;

 private:
  sqlite_stmt& checked(int rc);  // records a failed bind for step()

  struct finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  std::unique_ptr<sqlite3_stmt, finalizer> s_;
  bool bind_failed_ = false;
};

class sqlite_db {
 public:
  // Opens (creating) `path`, or a private in-memory database if `path` is
  // empty. Errors: internal.
  static result<std::unique_ptr<sqlite_db>> open(std::string const& path);
  // Only open() can build one (the tag keeps make_unique usable).
  class build_tag {
    friend class sqlite_db;
    build_tag() = default;
  };
  sqlite_db(build_tag, sqlite3* db) : db_(db) {}
  ~sqlite_db();
  sqlite_db(sqlite_db const&) = delete;
  sqlite_db& operator=(sqlite_db const&) = delete;

  // Runs one or more statements without results. Errors: internal.
  result<void> exec(std::string const& sql);
  // A prepared statement for `sql`, prepared once per connection and reset;
  // the reference stays valid as long as the connection.
  result<sqlite_stmt*> cached(std::string const& sql);
  // The same for SQL text that stays at its address for the connection's
  // lifetime (a literal, a static string), found by that address: no string
  // is built or hashed per call (the write path runs statements per change).
  result<sqlite_stmt*> cached_at(char const* sql);
  template <std::size_t N>
  result<sqlite_stmt*> cached(char const (&sql)[N]) {
    return cached_at(sql);
  }
  // Calls `hook(pages)` after each commit on this connection with the number
  // of pages in the WAL, on the committing thread; replaces SQLite's automatic
  // checkpoints. An empty hook removes it (and no checkpoint then happens
  // after commits).
  void set_wal_hook(std::function<void(int pages)> hook);
  // Copies what it can of the WAL into the database without waiting for
  // readers or writers (a PASSIVE checkpoint). Errors: internal.
  result<void> checkpoint();
  // Rows changed by the last write.
  std::int64_t changes() const { return sqlite3_changes64(db_); }
  std::int64_t last_rowid() const { return sqlite3_last_insert_rowid(db_); }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, sqlite_stmt> cache_;  // SQL text -> statement
  std::unordered_map<char const*, sqlite_stmt*> by_address_;  // literal -> its statement in cache_
  std::function<void(int)> wal_hook_;
};

}  // namespace cityos::store::detail
