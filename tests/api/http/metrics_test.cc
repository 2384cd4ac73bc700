// SPDX-License-Identifier: Apache-2.0
#include "api/http/metrics.h"

#include <thread>

#include <gtest/gtest.h>

namespace cityos::api {
namespace {

bool has_line(std::string const& text, std::string const& line) {
  return text.find("\n" + line + "\n") != std::string::npos ||
         text.rfind(line + "\n", 0) == 0;
}

TEST(metrics, requests_are_counted_by_route_method_and_status) {
  metrics_registry m;
  auto& entity = m.route("/ngsi-ld/v1/entities/{entityId}");
  EXPECT_EQ(&entity, &m.route("/ngsi-ld/v1/entities/{entityId}"));  // one slot per route
  entity.record("GET", 200, 0.0004);
  entity.record("GET", 200, 0.003);
  entity.record("DELETE", 404, 0.001);
  entity.record("BREW", 418, 7.0);  // unusual method and status
  auto text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE http_requests_total counter")) << text;
  EXPECT_TRUE(has_line(text, R"(http_requests_total{route="/ngsi-ld/v1/entities/{entityId}",method="GET",status="200"} 2)")) << text;
  EXPECT_TRUE(has_line(text, R"(http_requests_total{route="/ngsi-ld/v1/entities/{entityId}",method="DELETE",status="404"} 1)"));
  EXPECT_TRUE(has_line(text, R"(http_requests_total{route="/ngsi-ld/v1/entities/{entityId}",method="OTHER",status="418"} 1)"));
  EXPECT_TRUE(has_line(text, "# TYPE http_request_duration_seconds histogram"));
  EXPECT_TRUE(has_line(text, R"(http_request_duration_seconds_bucket{route="/ngsi-ld/v1/entities/{entityId}",le="0.0005"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(http_request_duration_seconds_bucket{route="/ngsi-ld/v1/entities/{entityId}",le="0.005"} 3)"));
  EXPECT_TRUE(has_line(text, R"(http_request_duration_seconds_bucket{route="/ngsi-ld/v1/entities/{entityId}",le="5"} 3)"));
  EXPECT_TRUE(has_line(text, R"(http_request_duration_seconds_bucket{route="/ngsi-ld/v1/entities/{entityId}",le="+Inf"} 4)"));
  EXPECT_TRUE(has_line(text, R"(http_request_duration_seconds_count{route="/ngsi-ld/v1/entities/{entityId}"} 4)"));
  EXPECT_TRUE(has_line(text, R"(http_request_duration_seconds_sum{route="/ngsi-ld/v1/entities/{entityId}"} 7.0044)")) << text;
}

TEST(metrics, commits_counters_and_gauges) {
  metrics_registry m;
  m.record_commit(0.002, 100);
  m.record_commit(0.02, 5);
  m.get_counter("notifications_sent_total", "Notifications sent.", {{"kind", "http"}}).add(3);
  m.add_gauge("entities", "Entities per tenant.", [] {
    return std::vector<gauge_sample>{{{{"tenant", ""}}, 12}, {{{"tenant", "city\"a\\b"}}, 1.5}};
  });
  m.add_gauge("broken", "Throws.", []() -> std::vector<gauge_sample> { throw std::runtime_error("x"); });
  auto text = m.render();
  EXPECT_TRUE(has_line(text, "store_committed_records_total 105")) << text;
  EXPECT_TRUE(has_line(text, "store_commit_duration_seconds_count 2"));
  EXPECT_TRUE(has_line(text, R"(store_commit_duration_seconds_bucket{le="0.0025"} 1)"));
  EXPECT_TRUE(has_line(text, "# HELP notifications_sent_total Notifications sent."));
  EXPECT_TRUE(has_line(text, R"(notifications_sent_total{kind="http"} 3)"));
  EXPECT_TRUE(has_line(text, "# TYPE entities gauge"));
  EXPECT_TRUE(has_line(text, R"(entities{tenant=""} 12)"));
  EXPECT_TRUE(has_line(text, R"(entities{tenant="city\"a\\b"} 1.5)")) << text;
  EXPECT_TRUE(has_line(text, "# TYPE broken gauge"));
}

TEST(metrics, concurrent_recording_loses_nothing) {
  metrics_registry m;
  auto work = [&m] {
    auto& r = m.route("/x");
    for (int i = 0; i < 10000; ++i) r.record("POST", 201, 0.001);
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  EXPECT_TRUE(has_line(m.render(), R"(http_requests_total{route="/x",method="POST",status="201"} 20000)"));
}

}  // namespace
}  // namespace cityos::api
