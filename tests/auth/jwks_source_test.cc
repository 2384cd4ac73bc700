// SPDX-License-Identifier: Apache-2.0
#include "auth/jwks_source.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "auth/jwt.h"
#include "token_factory.h"

namespace cityos::auth {
namespace {

using namespace std::chrono_literals;
using testing::test_key;

constexpr char kIss[] = "https://id.city.example";
constexpr char kAud[] = "cityos";
constexpr long long kNow = 1'780'000'000;  // seconds
constexpr epoch_ms kNowMs = kNow * 1000;

// A verifier fed by a jwks_source over a JWKS file in a fresh directory, with a
// hand-driven clock for the unknown-kid interval.
class JwksSourceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    a_ = std::make_unique<test_key>(testing::make_ec_key("key-a"));
    b_ = std::make_unique<test_key>(testing::make_ec_key("key-b"));
  }

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cityos-jwks-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    file_ = dir_ / "jwks.json";
    auto v = token_verifier::make({{}, kIss, kAud, std::chrono::seconds(60), [this](std::string_view) {
                                     return source_ && source_->refresh_for_unknown_kid();
                                   }});
    ASSERT_TRUE(v.ok());
    verifier_ = std::make_unique<token_verifier>(std::move(*v));
  }

  void TearDown() override {
    idp_.release = true;
    source_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Replaces the file as an issuer's tooling should (write aside, then rename),
  // with its mtime moved on so even a coarse file system sees a change.
  void write(std::string const& text) {
    auto const aside = dir_ / "jwks.json.new";
    std::ofstream(aside, std::ios::trunc) << text;
    ++version_;
    std::filesystem::last_write_time(aside, std::filesystem::file_time_type::clock::now() + version_ * 1s);
    std::filesystem::rename(aside, file_);
  }

  jwks_source_options options(std::chrono::milliseconds refresh = 1h) {
    jwks_source_options o;
    o.location = file_.string();
    o.install = [this](std::shared_ptr<jwks const> k) { verifier_->replace_keys(std::move(k)); };
    o.failed = [this](error const&, std::size_t streak) {
      std::lock_guard lock(seen_mu_);
      streaks_.push_back(streak);
    };
    o.recovered = [this](std::size_t streak) { recovered_ = streak; };
    o.refresh_interval = refresh;
    o.min_refresh_interval = 60s;
    o.clock = [this] { return std::chrono::steady_clock::time_point(now_.load()); };
    return o;
  }

  void open(std::chrono::milliseconds refresh = 1h) {
    auto s = jwks_source::open(options(refresh));
    ASSERT_TRUE(s.ok()) << s.err().detail;
    source_ = std::move(*s);
  }

  bool passes(test_key const& k) const {
    return verifier_->verify(testing::sign(testing::claims_for(kIss, kAud, "citizen-1", kNow), k), kNowMs).ok();
  }

  // Waits (up to 5 s) until `done` holds.
  template <typename F>
  static bool eventually(F done) {
    for (int i = 0; i < 500 && !done(); ++i) std::this_thread::sleep_for(10ms);
    return done();
  }

  // An issuer's JWKS endpoint for the URL cases.
  struct fake_idp {
    std::mutex mu;
    std::string body;  // guarded by mu
    bool down = false;  // guarded by mu: answer an error
    std::atomic<int> fetches{0};
    std::atomic<bool> hang{false};  // fetches after the first wait for `release`
    std::atomic<bool> release{false};
  };

  jwks_source_options url_options(fake_idp& idp) {
    auto o = options();
    o.location = "https://id.city.example/jwks";
    o.fetch = [&idp](std::string const& url) -> result<std::string> {
      EXPECT_EQ(url, "https://id.city.example/jwks");
      if (idp.fetches++ > 0 && idp.hang) {
        while (!idp.release) std::this_thread::sleep_for(1ms);
      }
      std::lock_guard lock(idp.mu);
      if (idp.down) return make_error(error_code::unavailable, "HTTP 503");
      return idp.body;
    };
    return o;
  }

  // A token signed with a's key under a kid nobody published.
  static std::string forged_token() {
    json::object header;
    header["alg"] = "ES256";
    header["kid"] = "forged";
    return testing::sign_with_header(header, testing::claims_for(kIss, kAud, "citizen-1", kNow), *a_);
  }

  static inline std::unique_ptr<test_key> a_, b_;
  fake_idp idp_;  // before source_: outlives its thread
  std::filesystem::path dir_, file_;
  int version_ = 0;
  std::atomic<std::chrono::steady_clock::duration> now_{std::chrono::hours(1000)};
  std::unique_ptr<token_verifier> verifier_;
  std::unique_ptr<jwks_source> source_;  // after verifier_: destroyed first
  std::mutex seen_mu_;
  std::vector<std::size_t> streaks_;  // guarded by seen_mu_
  std::atomic<std::size_t> recovered_{0};
};

TEST_F(JwksSourceTest, FileRotationOnTheTimer) {
  write(testing::jwks_json({a_.get()}));
  open(5ms);
  EXPECT_TRUE(passes(*a_));
  // The issuer publishes the new key beside the old one, then drops the old one.
  write(testing::jwks_json({a_.get(), b_.get()}));
  ASSERT_TRUE(eventually([&] { return source_->stats().changes == 1; }));
  EXPECT_TRUE(passes(*b_));
  EXPECT_TRUE(passes(*a_));
  write(testing::jwks_json({b_.get()}));
  ASSERT_TRUE(eventually([&] { return source_->stats().changes == 2; }));
  EXPECT_TRUE(passes(*b_));
  EXPECT_FALSE(passes(*a_));
  // An unchanged file is not installed again.
  auto const refreshes = source_->stats().refreshes;
  ASSERT_TRUE(eventually([&] { return source_->stats().refreshes >= refreshes + 3; }));
  EXPECT_EQ(source_->stats().changes, 2u);
  EXPECT_EQ(source_->stats().failures, 0u);
}

TEST_F(JwksSourceTest, UnknownKidRefreshesAtOnceForTheSameRequest) {
  write(testing::jwks_json({a_.get()}));
  open();
  EXPECT_FALSE(passes(*b_));  // asks for a refresh: nothing new
  EXPECT_EQ(source_->stats().refreshes, 1u);
  now_ = now_.load() + 60s;
  write(testing::jwks_json({a_.get(), b_.get()}));
  EXPECT_TRUE(passes(*b_));  // the refresh it asked for found the key
  EXPECT_EQ(source_->stats().refreshes, 2u);
  EXPECT_EQ(source_->stats().changes, 1u);
}

TEST_F(JwksSourceTest, UnknownKidRefreshesAtMostOncePerMinInterval) {
  write(testing::jwks_json({a_.get()}));
  open();
  auto const forged = forged_token();
  for (int i = 0; i < 20; ++i) EXPECT_FALSE(verifier_->verify(forged, kNowMs).ok());
  EXPECT_EQ(source_->stats().refreshes, 1u);
  // Within the interval even a real new key waits for the next allowed refresh.
  write(testing::jwks_json({a_.get(), b_.get()}));
  now_ = now_.load() + 59s;
  EXPECT_FALSE(passes(*b_));
  EXPECT_EQ(source_->stats().refreshes, 1u);
  now_ = now_.load() + 1s;
  EXPECT_TRUE(passes(*b_));
  EXPECT_EQ(source_->stats().refreshes, 2u);
  EXPECT_FALSE(verifier_->verify(forged, kNowMs).ok());
  EXPECT_EQ(source_->stats().refreshes, 2u);
  // Known keys never ask.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(passes(*a_));
  EXPECT_EQ(source_->stats().refreshes, 2u);
}

TEST_F(JwksSourceTest, BrokenFileKeepsTheKeys) {
  write(testing::jwks_json({a_.get()}));
  open();
  write("{\"keys\": [");  // half written
  now_ = now_.load() + 60s;
  EXPECT_FALSE(passes(*b_));
  EXPECT_TRUE(passes(*a_));
  write("{\"keys\": []}");  // valid JSON, no key
  now_ = now_.load() + 60s;
  EXPECT_FALSE(passes(*b_));
  EXPECT_TRUE(passes(*a_));
  std::filesystem::remove(file_);
  now_ = now_.load() + 60s;
  EXPECT_FALSE(passes(*b_));
  EXPECT_TRUE(passes(*a_));
  EXPECT_EQ(source_->stats().failures, 3u);
  {
    std::lock_guard lock(seen_mu_);
    EXPECT_EQ(streaks_, (std::vector<std::size_t>{1, 2, 3}));  // the wiring warns on 1 only
  }
  write(testing::jwks_json({a_.get(), b_.get()}));
  now_ = now_.load() + 60s;
  EXPECT_TRUE(passes(*b_));
  EXPECT_EQ(recovered_, 3u);
}

TEST_F(JwksSourceTest, OpenFailsWithoutAUsableFirstSet) {
  auto missing = jwks_source::open(options());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.err().code, error_code::bad_request);
  write("{\"keys\": 3}");
  auto broken = jwks_source::open(options());
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.err().code, error_code::bad_request);
  auto o = options();
  o.location = "https://id.city.example/jwks";
  EXPECT_EQ(jwks_source::open(std::move(o)).err().code, error_code::bad_request);  // no fetcher
}

TEST_F(JwksSourceTest, UrlIsFetchedAgainOnAskAndOnUnknownKid) {
  idp_.body = testing::jwks_json({a_.get()});
  auto s = jwks_source::open(url_options(idp_));
  ASSERT_TRUE(s.ok()) << s.err().detail;
  source_ = std::move(*s);
  EXPECT_EQ(idp_.fetches, 1);
  EXPECT_TRUE(passes(*a_));
  {
    std::lock_guard lock(idp_.mu);
    idp_.down = true;
  }
  EXPECT_FALSE(passes(*b_));  // fetch fails: old keys stay
  EXPECT_TRUE(passes(*a_));
  EXPECT_EQ(idp_.fetches, 2);
  {
    std::lock_guard lock(idp_.mu);
    idp_.down = false;
    idp_.body = testing::jwks_json({b_.get()});
  }
  source_->refresh_soon();
  ASSERT_TRUE(eventually([&] { return source_->stats().refreshes == 2; }));
  EXPECT_TRUE(passes(*b_));
  EXPECT_FALSE(passes(*a_));  // gone; the unknown kid may not refresh again yet
  EXPECT_EQ(idp_.fetches, 3);
  EXPECT_EQ(source_->stats().changes, 1u);
  EXPECT_TRUE(eventually([&] { return recovered_ == 1; }));
}

TEST_F(JwksSourceTest, SlowRefreshDoesNotHoldUpKnownKeys) {
  idp_.body = testing::jwks_json({a_.get()});
  idp_.hang = true;
  auto o = url_options(idp_);
  o.unknown_kid_wait = 20ms;
  auto s = jwks_source::open(std::move(o));
  ASSERT_TRUE(s.ok());
  source_ = std::move(*s);
  EXPECT_FALSE(passes(*b_));  // asks; gives up waiting after 20 ms while the fetch hangs
  auto const t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(passes(*a_));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
  idp_.release = true;
  ASSERT_TRUE(eventually([&] { return source_->stats().refreshes == 1; }));
}

}  // namespace
}  // namespace cityos::auth
