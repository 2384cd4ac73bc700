// SPDX-License-Identifier: Apache-2.0
#include "api/http/detail/response_head.h"

#include <gtest/gtest.h>

namespace cityos::api::detail {
namespace {

http_response ok_json() {
  http_response r;
  r.status = 200;
  r.content_type = "application/json";
  r.headers = {{"Link", "<https://example.org/ctx>; rel=\"x\""}, {"NGSILD-Results-Count", "3"}};
  r.body = "[1,2,3]";
  return r;
}

TEST(response_head, a_response_with_a_body_names_its_type_and_length) {
  EXPECT_EQ(response_head(ok_json(), 1, true),
            "HTTP/1.1 200 OK\r\n"
            "Server: cityos\r\n"
            "Link: <https://example.org/ctx>; rel=\"x\"\r\n"
            "NGSILD-Results-Count: 3\r\n"
            "Content-Type: application/json\r\n"
            "Content-Length: 7\r\n"
            "\r\n");
}

TEST(response_head, statuses_without_a_body_get_no_type_or_length) {
  http_response r;
  r.status = 204;
  r.content_type = "application/json";
  EXPECT_EQ(response_head(r, 1, true), "HTTP/1.1 204 No Content\r\nServer: cityos\r\n\r\n");
  r.status = 201;
  r.headers = {{"Location", "/ngsi-ld/v1/entities/urn:a"}};
  r.content_type.clear();
  EXPECT_EQ(response_head(r, 1, true),
            "HTTP/1.1 201 Created\r\nServer: cityos\r\nLocation: /ngsi-ld/v1/entities/urn:a\r\n"
            "Content-Length: 0\r\n\r\n");
}

TEST(response_head, the_connection_field_follows_the_http_version) {
  auto const r = ok_json();
  EXPECT_NE(response_head(r, 1, false).find("\r\nConnection: close\r\n"), std::string::npos);
  EXPECT_EQ(response_head(r, 1, true).find("Connection:"), std::string::npos);
  auto const ten = response_head(r, 0, true);
  EXPECT_TRUE(ten.starts_with("HTTP/1.0 200 OK\r\n"));
  EXPECT_NE(ten.find("\r\nConnection: keep-alive\r\n"), std::string::npos);
  EXPECT_EQ(response_head(r, 0, false).find("Connection:"), std::string::npos);
}

TEST(response_head, a_streamed_body_has_a_type_but_no_length) {
  http_response r;
  r.status = 200;
  r.content_type = "text/event-stream";
  EXPECT_EQ(response_head(r, 1, false, /*streamed=*/true),
            "HTTP/1.1 200 OK\r\nServer: cityos\r\nContent-Type: text/event-stream\r\n"
            "Connection: close\r\n\r\n");
}

TEST(response_head, line_breaks_in_header_values_cannot_start_new_fields) {
  http_response r;
  r.status = 404;
  r.headers = {{"Location", "urn:a\r\nSet-Cookie: x=1"}};
  auto const head = response_head(r, 1, true);
  EXPECT_EQ(head.find("\r\nSet-Cookie"), std::string::npos);
  EXPECT_NE(head.find("Location: urn:a  Set-Cookie: x=1\r\n"), std::string::npos);
  EXPECT_TRUE(head.starts_with("HTTP/1.1 404 Not Found\r\n"));
}

}  // namespace
}  // namespace cityos::api::detail
