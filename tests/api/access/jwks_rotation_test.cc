// SPDX-License-Identifier: Apache-2.0
// OpenID Connect key rotation end to end: a broker whose JWKS is a URL served
// by a local HTTP server standing in for the issuer. A token of a key the
// issuer has just published passes in the same request; a failed fetch keeps
// the keys and counts in /metrics; a key the issuer dropped stops passing.
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

#include "api/http/http_client.h"
#include "api/http/server.h"
#include "app/instance.h"
#include "common/time.h"
#include "token_factory.h"

namespace cityos::api {
namespace {

namespace fs = std::filesystem;
namespace tf = auth::testing;
using namespace std::chrono_literals;

std::string const kIssuer = "https://id.city.test";
std::string const kAudience = "cityos";

// The issuer's JWKS endpoint: GET /jwks answers `body`, or 503 while down.
class fake_issuer {
 public:
  fake_issuer() {
    server_options o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.threads = 1;
    auto r = server_.start(o, [this](http_request&) {
      std::lock_guard lock(mu_);
      ++fetches_;
      http_response res;
      res.status = down_ ? 503 : 200;
      res.content_type = "application/json";
      res.body = down_ ? "{}" : body_;
      return res;
    });
    if (!r) throw std::runtime_error(r.err().detail);
  }
  ~fake_issuer() { server_.stop(1s); }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()) + "/jwks"; }
  void publish(std::string body) {
    std::lock_guard lock(mu_);
    body_ = std::move(body);
    down_ = false;
  }
  void go_down() {
    std::lock_guard lock(mu_);
    down_ = true;
  }
  int fetches() {
    std::lock_guard lock(mu_);
    return fetches_;
  }

 private:
  std::mutex mu_;
  std::string body_;  // guarded by mu_
  bool down_ = false;
  int fetches_ = 0;
  http_server server_;
};

class jwks_rotation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    a_ = std::make_unique<tf::test_key>(tf::make_ec_key("key-a"));
    b_ = std::make_unique<tf::test_key>(tf::make_ec_key("key-b"));
  }

  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cityos-jwks-rotation-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    idp_.publish(tf::jwks_json({a_.get()}));
    std::ofstream(dir_ / "auth.json") << R"({"oidc": {"issuer": ")" + kIssuer + R"(", "audience": ")" + kAudience +
                                             R"(", "jwks": ")" + idp_.url() +
                                             R"(", "jwksRefreshSeconds": 3600, "jwksMinRefreshSeconds": 1}})";
    app::instance_options o;
    o.port = 0;
    o.threads = 2;
    o.auth_config = dir_ / "auth.json";
    auto r = broker_.start(o);
    ASSERT_TRUE(r) << r.err().detail;
  }

  void TearDown() override {
    broker_.stop();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static std::string token(tf::test_key const& k) {
    auto c = tf::claims_for(kIssuer, kAudience, "admin-1", now_ms() / 1000);
    json::object g;
    g["tenant"] = "";
    g["role"] = "admin";
    c["cityos_grants"] = json::array{g};
    return tf::sign(c, k);
  }

  client_response get(std::string const& path, std::string const& bearer) {
    http_client c;
    EXPECT_TRUE(c.connect("127.0.0.1", broker_.port()));
    auto r = c.request("GET", path, {{"Authorization", "Bearer " + bearer}});
    return r ? std::move(*r) : client_response{};
  }

  // The value of the sample line `name` in /metrics, or -1.
  double metric(std::string const& name, std::string const& bearer) {
    auto body = get("/metrics", bearer).body;
    auto at = body.find("\n" + name + " ");
    return at == std::string::npos ? -1 : std::stod(body.substr(at + name.size() + 2));
  }

  static inline std::unique_ptr<tf::test_key> a_, b_;
  fake_issuer idp_;
  fs::path dir_;
  app::instance broker_;
};

TEST_F(jwks_rotation, follows_the_issuers_keys) {
  auto const ta = token(*a_), tb = token(*b_);
  EXPECT_EQ(get("/ngsi-ld/v1/types", ta).status, 200);
  EXPECT_EQ(idp_.fetches(), 1);
  EXPECT_EQ(metric("auth_jwks_updates_total", ta), 1);

  // The issuer is down when the first token of a new key arrives: 401, keys kept, counted.
  idp_.go_down();
  EXPECT_EQ(get("/ngsi-ld/v1/types", tb).status, 401);
  EXPECT_EQ(idp_.fetches(), 2);
  EXPECT_EQ(get("/ngsi-ld/v1/types", ta).status, 200);
  EXPECT_EQ(metric("auth_jwks_refresh_failures_total", ta), 1);
  EXPECT_EQ(get("/ngsi-ld/v1/types", tb).status, 401);  // within jwksMinRefreshSeconds: no fetch
  EXPECT_EQ(idp_.fetches(), 2);

  // The issuer rotates to key b only: b passes in the same request that named it; a is gone.
  idp_.publish(tf::jwks_json({b_.get()}));
  std::this_thread::sleep_for(1050ms);  // jwksMinRefreshSeconds: 1
  EXPECT_EQ(get("/ngsi-ld/v1/types", tb).status, 200);
  EXPECT_EQ(idp_.fetches(), 3);
  EXPECT_EQ(get("/ngsi-ld/v1/types", ta).status, 401);  // even though a's token had been cached
  EXPECT_EQ(metric("auth_jwks_updates_total", tb), 2);
}

}  // namespace
}  // namespace cityos::api
