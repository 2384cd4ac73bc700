// SPDX-License-Identifier: Apache-2.0
#include "api/http/detail/request_target.h"

#include <gtest/gtest.h>

#include <boost/url.hpp>

namespace cityos::api::detail {
namespace {

namespace urls = boost::urls;

http_request parsed(std::string target, bool expect_ok = true) {
  http_request r;
  r.target = std::move(target);
  EXPECT_EQ(parse_target(r), expect_ok) << r.target;
  return r;
}

// What a full URL parse (Boost.URL) makes of an origin-form target.
std::string url_path(std::string const& target) {
  auto u = urls::parse_origin_form(target);
  EXPECT_TRUE(u) << target;
  return u ? std::string(u->path()) : std::string();
}

TEST(request_target, a_plain_path_is_what_a_url_parse_makes_of_it) {
  for (std::string t : {"/", "/health", "/ngsi-ld/v1/entities/urn:ngsi-ld:Car:p-123/attrs",
                        "/ngsi-ld/v1/entityOperations/upsert", "/a/b;c=d/e,f+g@h!$&'()*~_.",
                        "/ngsi-ld/v1/entities/urn:ngsi-ld:Car:p-1/attrs/speed", "/a/./b/../c/",
                        "/a//b"}) {
    auto r = parsed(t);
    EXPECT_EQ(r.path, url_path(t)) << t;
    EXPECT_TRUE(r.query.empty()) << t;
  }
}

TEST(request_target, escapes_and_queries_are_decoded) {
  auto r = parsed("/ngsi-ld/v1/entities/urn:ngsi-ld:Car:a%20b?type=Car&q=speed%3E50;x==%22y+z%22&flag");
  EXPECT_EQ(r.path, "/ngsi-ld/v1/entities/urn:ngsi-ld:Car:a b");
  ASSERT_EQ(r.query.size(), 3u);
  EXPECT_EQ(r.query[0], (std::pair<std::string, std::string>{"type", "Car"}));
  EXPECT_EQ(r.query[1], (std::pair<std::string, std::string>{"q", "speed>50;x==\"y+z\""}));  // '+' stays
  EXPECT_EQ(r.query[2].first, "flag");
  // Characters outside a plain path take the full parse too.
  EXPECT_EQ(parsed("/a/%C3%A9").path, "/a/\xC3\xA9");
  EXPECT_EQ(parsed("/a?").path, "/a");
  EXPECT_EQ(parsed("//x/y").path, url_path("//x/y"));
  EXPECT_EQ(parsed("http://example.org/a/b?c=d").path, "/a/b");
}

TEST(request_target, a_target_that_is_no_uri_is_refused) {
  parsed("/a b", false);
  parsed("/a/%zz", false);
  parsed("", false);
  parsed("*", false);
  parsed("/a\"b", false);
}

}  // namespace
}  // namespace cityos::api::detail
