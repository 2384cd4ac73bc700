// SPDX-License-Identifier: Apache-2.0
#include "api/router.h"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cityos::api {
namespace {

// A handler answering 200 with "<name> <params as k=v ...>".
route_handler named(std::string name) {
  return [name](http_request&, route_params const& p) -> result<http_response> {
    http_response res;
    res.content_type = "text/plain";
    res.body = name;
    for (auto const& [k, v] : p.values) res.body += " " + k + "=" + v;
    return res;
  };
}

http_response call(router const& r, std::string method, std::string target) {
  http_request req;
  req.method = std::move(method);
  req.target = std::move(target);
  req.path = req.target.substr(0, req.target.find('?'));
  return r.handle(req);
}

std::string const* header(http_response const& res, std::string_view name) {
  for (auto const& [k, v] : res.headers) {
    if (k == name) return &v;
  }
  return nullptr;
}

router sample() {
  router r;
  r.add("GET", "/health", named("health"));
  r.add("GET", "/v1/entities", named("list"));
  r.add("POST", "/v1/entities", named("create"));
  r.add("GET", "/v1/entities/{id}", named("get"));
  r.add("DELETE", "/v1/entities/{id}", named("delete"));
  r.add("GET", "/v1/entities/{id}/attrs/{attr}", named("attr"));
  r.add("GET", "/v1/types/{type}", named("type"));
  r.add("GET", "/v1/types/special", named("special"));  // shadowed: {type} came first
  return r;
}

TEST(router, dispatches_by_method_and_path_and_decodes_parameters) {
  auto const r = sample();
  EXPECT_EQ(call(r, "GET", "/health").body, "health");
  EXPECT_EQ(call(r, "GET", "/v1/entities?limit=2").body, "list");
  EXPECT_EQ(call(r, "POST", "/v1/entities").body, "create");
  EXPECT_EQ(call(r, "GET", "/v1/entities/urn%3Aa%2Fb").body, "get id=urn:a/b");
  EXPECT_EQ(call(r, "DELETE", "/v1/entities/x").body, "delete id=x");
  EXPECT_EQ(call(r, "GET", "/v1/entities/e1/attrs/speed").body, "attr id=e1 attr=speed");
}

TEST(percent_decode, decodes_escapes_anywhere_and_copies_the_rest) {
  EXPECT_EQ(percent_decode("urn:ngsi-ld:Car:p-123"), "urn:ngsi-ld:Car:p-123");
  EXPECT_EQ(percent_decode(""), "");
  EXPECT_EQ(percent_decode("%41"), "A");
  EXPECT_EQ(percent_decode("urn%3Aa%2Fb"), "urn:a/b");
  EXPECT_EQ(percent_decode("%3a%3A"), "::");
  EXPECT_EQ(percent_decode("a%20b%2541"), "a b%41");  // a decoded '%' is not decoded again
  EXPECT_EQ(percent_decode("%E6%9C%AD%E5%B9%8C"), "\xE6\x9C\xAD\xE5\xB9\x8C");  // 札幌
}

TEST(percent_decode, refuses_a_malformed_escape) {
  EXPECT_EQ(percent_decode("%"), std::nullopt);
  EXPECT_EQ(percent_decode("abc%"), std::nullopt);
  EXPECT_EQ(percent_decode("abc%4"), std::nullopt);
  EXPECT_EQ(percent_decode("%zz"), std::nullopt);
  EXPECT_EQ(percent_decode("%4g1"), std::nullopt);
  EXPECT_EQ(percent_decode("ok%41then%"), std::nullopt);
}

TEST(router, the_first_registered_matching_route_wins) {
  auto const r = sample();
  EXPECT_EQ(call(r, "GET", "/v1/types/special").body, "type type=special");
}

TEST(router, another_method_on_a_known_path_is_405_with_allow) {
  auto const r = sample();
  auto const res = call(r, "PUT", "/v1/entities/x");
  EXPECT_EQ(res.status, 405);
  ASSERT_NE(header(res, "Allow"), nullptr);
  EXPECT_EQ(*header(res, "Allow"), "GET, DELETE");
  auto const list = call(r, "DELETE", "/v1/entities");
  EXPECT_EQ(list.status, 405);
  EXPECT_EQ(*header(list, "Allow"), "GET, POST");
}

TEST(router, unknown_paths_lengths_and_bad_parameters_are_404) {
  auto const r = sample();
  EXPECT_EQ(call(r, "GET", "/nothing").status, 404);
  EXPECT_EQ(call(r, "GET", "/v1/entities/a/attrs").status, 404);           // no route of that length
  EXPECT_EQ(call(r, "GET", "/v1/entities/a/b/c/d/e/f/g").status, 404);     // longer than any route
  EXPECT_EQ(call(r, "GET", "/v1/entities/a/other/speed").status, 404);    // a literal differs
  EXPECT_EQ(call(r, "GET", "/v1/entities/%zz").status, 404);               // malformed escape
  EXPECT_EQ(call(r, "GET", "/").status, 404);
}

TEST(router, observers_see_each_handled_request_with_its_route) {
  auto r = sample();
  std::vector<std::string> seen;
  r.set_observer([&seen](std::string_view route) -> request_observer {
    return [&seen, route = std::string(route)](std::string_view method, int status, double seconds) {
      EXPECT_GE(seconds, 0.0);
      seen.push_back(std::string(method) + " " + route + " " + std::to_string(status));
    };
  });
  call(r, "GET", "/v1/entities/x");
  call(r, "GET", "/missing");
  EXPECT_EQ(seen, (std::vector<std::string>{"GET /v1/entities/{id} 200", "GET  404"}));
}

}  // namespace
}  // namespace cityos::api
