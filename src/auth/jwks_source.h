// SPDX-License-Identifier: Apache-2.0
// Keeps the JWKS of an OpenID Connect issuer current, as relying parties do
// when the issuer rotates its signing keys:
// - a URL is fetched again every `refresh_interval`; a file is read again when
//   its modification time (or size) changed, checked on the same timer;
// - a token naming an unknown kid asks for a refresh at once, but the source
//   refreshes for that reason at most once per `min_refresh_interval`, so
//   forged kids cannot make it hammer the issuer;
// - a failed fetch, read or parse keeps the current keys and is reported.
// Every refresh runs on the source's own thread; new sets are handed to
// `install` whole (immutable, shared), so verifications never wait for a fetch.
// Only a request naming an unknown kid waits, at most `unknown_kid_wait`, for
// the refresh it asked for (or the one already running). Knows no HTTP: URLs
// are fetched through the `fetch` function the wiring passes in.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "auth/jwks.h"
#include "common/result.h"

namespace cityos::auth {

struct jwks_source_options {
  std::string location;  // a file path, or an http:// or https:// URL
  // Returns the body of `url` (2xx) or an error; required for a URL. Runs on the source's thread.
  std::function<result<std::string>(std::string const& url)> fetch;
  // Receives the first set and every changed one (never null); called on the
  // opening thread first, then on the source's thread. Required.
  std::function<void(std::shared_ptr<jwks const>)> install;
  // Optional: each failed refresh, with the number of failures in a row (1: a new streak).
  std::function<void(error const&, std::size_t streak)> failed;
  // Optional: a refresh succeeded after `streak` failures.
  std::function<void(std::size_t streak)> recovered;
  std::chrono::milliseconds refresh_interval{std::chrono::hours(1)};
  std::chrono::milliseconds min_refresh_interval{std::chrono::minutes(1)};
  std::chrono::milliseconds unknown_kid_wait{std::chrono::seconds(2)};
  // The clock of min_refresh_interval (tests); default std::chrono::steady_clock::now.
  std::function<std::chrono::steady_clock::time_point()> clock;
};

class jwks_source {
  struct passkey {
    explicit passkey() = default;
  };

 public:
  // Loads the set once and installs it, then starts the refresh thread.
  // Errors: bad_request (no install, a URL without fetch, an unreadable file,
  // an invalid JWKS), unavailable (the URL could not be fetched), as the first load.
  static result<std::unique_ptr<jwks_source>> open(jwks_source_options options);

  jwks_source(passkey, jwks_source_options options);  // use open()
  jwks_source(jwks_source const&) = delete;
  jwks_source& operator=(jwks_source const&) = delete;
  ~jwks_source();  // stops and joins the thread

  // For token_verifier's on_unknown_kid (any thread): asks for a refresh unless
  // one was asked for this reason within min_refresh_interval, and waits (at
  // most unknown_kid_wait) for it or for one already running. Returns true if a
  // new set was installed since the call began.
  bool refresh_for_unknown_kid();

  // Asks the thread for a refresh now without waiting (tests, a reload signal).
  void refresh_soon();

  struct counters {
    std::uint64_t refreshes = 0;  // refreshes done (periodic or asked for), failed or not
    std::uint64_t changes = 0;    // new sets installed after the first
    std::uint64_t failures = 0;   // refreshes that kept the old set because of an error
  };
  counters stats() const;

 private:
  // One fetch or read; installs a changed set. Runs on the thread (or in open()).
  result<bool> load();
  void refresh_once();
  void run();

  jwks_source_options opt_;
  bool is_url_ = false;
  // Last seen input, touched by load() only (open(), then the thread).
  std::string last_text_;
  std::optional<std::filesystem::file_time_type> last_mtime_;
  std::uintmax_t last_size_ = 0;
  std::size_t streak_ = 0;

  mutable std::mutex mu_;
  std::condition_variable wake_;  // the thread: a refresh was asked for, or stop
  std::condition_variable done_;  // waiters: a refresh finished
  bool stop_ = false;
  bool asked_ = false;        // a refresh was asked for
  bool running_ = false;      // a refresh is under way
  std::uint64_t finished_ = 0;  // refreshes finished
  std::optional<std::chrono::steady_clock::time_point> last_kid_refresh_;
  counters stats_;
  std::thread thread_;
};

}  // namespace cityos::auth
