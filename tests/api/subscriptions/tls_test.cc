// SPDX-License-Identifier: Apache-2.0
// TLS for outgoing HTTP: the client verifies the server's certificate (chain
// and host name), http_get fetches https:// URLs, and notifications reach
// https:// endpoints. The server is tls_echo_server.py with a certificate made
// by the openssl command for this test; SSL_CERT_FILE makes it the trusted CA.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "api/http/http_client.h"
#include "api/subscriptions/delivery.h"
#include "common/json.h"

namespace cityos::api {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Makes a self-signed certificate for the name localhost in `dir`.
bool make_certificate(fs::path const& dir, std::string const& name) {
  std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
                    "-addext subjectAltName=DNS:localhost -keyout " +
                    (dir / (name + ".key")).string() + " -out " + (dir / (name + ".pem")).string() +
                    " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

class tls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("cityos-tls-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    ready_ = make_certificate(dir_, "server") && make_certificate(dir_, "other");
    if (!ready_) return;
    fs::path const port_file = dir_ / "port";
    pid_ = ::fork();
    if (pid_ == 0) {
      std::string const script = std::string(CITYOS_SOURCE_DIR) + "/tests/api/subscriptions/tls_echo_server.py";
      std::string const cert = (dir_ / "server.pem").string();
      std::string const key = (dir_ / "server.key").string();
      std::string const pf = port_file.string();
      ::execlp("python3", "python3", script.c_str(), cert.c_str(), key.c_str(), pf.c_str(),
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 250 && !fs::exists(port_file); ++i) std::this_thread::sleep_for(20ms);
    std::ifstream in(port_file);
    in >> port_;
    ready_ = port_ != 0;
  }
  static void TearDownTestSuite() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    fs::remove_all(dir_);
  }
  void SetUp() override {
    if (!ready_) GTEST_SKIP() << "needs the openssl command and python3 (scripts/install-deps.sh)";
    trust("server");
  }
  // Makes `name`.pem the only trusted CA of TLS connections made from now on.
  static void trust(std::string const& name) {
    ::setenv("SSL_CERT_FILE", (dir_ / (name + ".pem")).c_str(), 1);
  }

  static inline fs::path dir_;
  static inline pid_t pid_ = -1;
  static inline unsigned short port_ = 0;
  static inline bool ready_ = false;
};

TEST_F(tls, client_verifies_the_server_and_talks_http) {
  http_client c;
  ASSERT_TRUE(c.connect_tls("localhost", port_));
  auto r = c.request("POST", "/echo", {{"Content-Type", "application/json"}}, R"({"a":1})");
  ASSERT_TRUE(r) << r.err().detail;
  EXPECT_EQ(r->status, 200);
  auto echo = parse_json(r->body);
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->at("path").as_string(), "/echo");
  EXPECT_EQ(echo->at("body").as_string(), R"({"a":1})");
  // Keep-alive: a second request on the same connection.
  auto again = c.request("GET", "/two");
  ASSERT_TRUE(again) << again.err().detail;
  EXPECT_EQ(parse_json(again->body)->at("path").as_string(), "/two");
}

TEST_F(tls, untrusted_certificate_or_wrong_name_is_refused) {
  trust("other");
  http_client c;
  auto r = c.connect_tls("localhost", port_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().code, error_code::unavailable);
  EXPECT_NE(r.err().detail.find("TLS handshake"), std::string::npos) << r.err().detail;
  trust("server");
  http_client d;  // a client reads the trusted CAs once, when it first uses TLS
  ASSERT_TRUE(d.connect_tls("localhost", port_));
  auto wrong_name = d.connect_tls("127.0.0.1", port_);  // trusted, but not named in it
  EXPECT_FALSE(wrong_name);
}

TEST_F(tls, http_get_fetches_https_urls) {
  auto body = http_get("https://localhost:" + std::to_string(port_) + "/context.jsonld", 5s);
  ASSERT_TRUE(body) << body.err().detail;
  EXPECT_EQ(parse_json(*body)->at("path").as_string(), "/context.jsonld");
}

TEST_F(tls, notifications_reach_https_endpoints) {
  std::mutex mutex;
  int ok = 0, failed = 0;
  delivery_options o;
  o.max_attempts = 1;
  delivery d(o, [&](auto const&, bool good, auto const&) {
    std::lock_guard lock(mutex);
    ++(good ? ok : failed);
  }, {});
  outgoing_notification n;
  n.subscription_key = "s";
  n.body = R"({"type":"Notification"})";
  n.content_type = "application/json";
  ASSERT_TRUE(d.enqueue("https://localhost:" + std::to_string(port_) + "/notify", n));
  for (int i = 0; i < 250; ++i) {
    {
      std::lock_guard lock(mutex);
      if (ok + failed > 0) break;
    }
    std::this_thread::sleep_for(20ms);
  }
  std::lock_guard lock(mutex);
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(failed, 0);
}

}  // namespace
}  // namespace cityos::api
