// SPDX-License-Identifier: Apache-2.0
#include "api/http/http_client.h"

#include <gtest/gtest.h>

#include "api/http/server.h"
#include "echo_handler.h"

namespace cityos::api {
namespace {

using namespace std::chrono_literals;

class http_get_test : public ::testing::Test {
 protected:
  void SetUp() override {
    server_options options;
    options.port = 0;
    options.threads = 1;
    auto r = server_.start(options, [](http_request& req) {
      http_response res;
      if (req.path == "/context.jsonld") {
        res.content_type = "application/ld+json";
        res.body = R"({"@context":{"name":"https://schema.org/name"}})";
      } else if (req.path == "/moved") {
        res.status = 301;
        res.headers.emplace_back("Location", "/context.jsonld");
      } else if (req.path == "/loop") {
        res.status = 302;
        res.headers.emplace_back("Location", "/loop");
      } else {
        res.status = 404;
      }
      return res;
    });
    ASSERT_TRUE(r.ok()) << r.err().detail;
    base_ = "http://127.0.0.1:" + std::to_string(server_.port());
  }

  http_server server_;
  std::string base_;
};

TEST_F(http_get_test, fetches_a_body) {
  auto r = http_get(base_ + "/context.jsonld", 2s);
  ASSERT_TRUE(r.ok()) << r.err().detail;
  EXPECT_EQ(*r, R"({"@context":{"name":"https://schema.org/name"}})");
}

TEST_F(http_get_test, follows_redirects_but_not_forever) {
  auto r = http_get(base_ + "/moved", 2s);
  ASSERT_TRUE(r.ok()) << r.err().detail;
  EXPECT_NE(r->find("@context"), std::string::npos);
  auto loop = http_get(base_ + "/loop", 2s);
  ASSERT_FALSE(loop.ok());
  EXPECT_EQ(loop.err().code, error_code::unavailable);
  EXPECT_NE(loop.err().detail.find("redirects"), std::string::npos);
}

TEST_F(http_get_test, non_2xx_is_unavailable) {
  auto r = http_get(base_ + "/missing", 2s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, error_code::unavailable);
  EXPECT_NE(r.err().detail.find("404"), std::string::npos);
}

TEST(http_get, schemes_other_than_http_and_https_are_not_supported) {
  // https:// is fetched over TLS (tests/api/subscriptions/tls_test.cc).
  auto ftp = http_get("ftp://example.org/x", 1s);
  ASSERT_FALSE(ftp.ok());
  EXPECT_EQ(ftp.err().code, error_code::not_supported);
}

TEST(http_get, malformed_url_is_invalid_request) {
  auto r = http_get("not a url", 1s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, error_code::invalid_request);
}

TEST(http_get, refused_connection_is_unavailable) {
  unsigned short port = 0;
  {
    http_server s;
    server_options options;
    options.port = 0;
    ASSERT_TRUE(s.start(options, [](http_request&) { return http_response{}; }).ok());
    port = s.port();
    s.stop(0ms);
  }
  auto r = http_get("http://127.0.0.1:" + std::to_string(port) + "/x", 1s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, error_code::unavailable);
}

TEST(http_client, request_without_connect_fails) {
  http_client c;
  auto r = c.request("GET", "/");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, error_code::unavailable);
  EXPECT_FALSE(c.send_raw("x").ok());
}

}  // namespace
}  // namespace cityos::api
