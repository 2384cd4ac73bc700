// SPDX-License-Identifier: Apache-2.0
// The journey planner HTTP routes through a router (no socket): 200 with the
// plan and stops JSON, 400 ProblemDetails naming the bad parameter, 422 when a
// coordinate has no stop in walking range, 503 when no feed is loaded.
#include <gtest/gtest.h>

#include "api/router.h"
#include "common/json.h"
#include "mobility/journeys/routes.h"

namespace cityos::mobility::journeys {
namespace {

api::http_request get(std::string path, std::vector<std::pair<std::string, std::string>> query) {
  api::http_request r;
  r.method = "GET";
  r.path = std::move(path);
  r.target = r.path;
  r.query = std::move(query);
  return r;
}

class routes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto p = load_journey_planner(std::string(PLANNER_TEST_DATA) + "/small");
    ASSERT_TRUE(p.ok()) << p.err().detail;
    planner_ = std::move(*p).release();
  }
  static void TearDownTestSuite() {
    delete planner_;
    planner_ = nullptr;
  }

  api::http_response call(api::http_request req, journey_planner const* p = planner_) {
    api::router r;
    add_journey_routes(r, p);
    return r.handle(req);
  }

  static json::object body(api::http_response const& r) {
    auto j = parse_json(r.body);
    EXPECT_TRUE(j.ok()) << r.body;
    return j.ok() && j->is_object() ? j->as_object() : json::object{};
  }

  static inline journey_planner* planner_ = nullptr;
};

TEST_F(routes, plan_answers_200_with_itineraries) {
  auto r = call(get("/api/v1/plan", {{"from", "42.999,141.0"}, {"to", "stop:D"}, {"time", "2024-01-01T07:55"},
                                     {"maxTransfers", "1"}, {"lang", "en"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/json");
  auto const b = body(r);
  ASSERT_EQ(b.at("itineraries").as_array().size(), 2u);
  EXPECT_EQ(b.at("itineraries").as_array()[1].at("legs").as_array()[1].at("tripId"), "fast1");
}

TEST_F(routes, bad_parameters_answer_400_problem_details) {
  struct bad_case {
    std::vector<std::pair<std::string, std::string>> query;
    std::string detail;
  };
  std::vector<bad_case> const cases = {
      {{{"to", "stop:D"}, {"time", "2024-01-01T07:55"}}, "'from' is required: 'lat,lon' or 'stop:STOP_ID'"},
      {{{"from", "43,abc"}, {"to", "stop:D"}, {"time", "2024-01-01T07:55"}}, "'from' longitude 'abc' is not a number"},
      {{{"from", "stop:A"}, {"to", "stop:D"}, {"time", "2024-01-01T07:55+09:00"}},
       "'time' must be a local time of the feed's timezone, without offset or Z"},
      {{{"from", "stop:A"}, {"to", "stop:D"}, {"time", "2024-01-01T07:55"}, {"maxTransfers", "12"}},
       "'maxTransfers' must be between 0 and 8"},
      {{{"from", "stop:A"}, {"to", "stop:Z"}, {"time", "2024-01-01T07:55"}}, "'to' names an unknown stop id 'Z'"},
      {{{"from", "stop:A"}, {"to", "stop:D"}, {"time", "2024-01-01T07:55"}, {"arriveBy", "maybe"}},
       "'arriveBy' must be true or false, got 'maybe'"},
  };
  for (auto const& c : cases) {
    auto r = call(get("/api/v1/plan", c.query));
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.content_type, "application/problem+json");
    auto const b = body(r);
    EXPECT_EQ(b.at("detail"), c.detail.c_str()) << r.body;
    EXPECT_EQ(b.at("status"), 400);
  }
}

TEST_F(routes, no_stop_in_reach_answers_422) {
  auto r = call(get("/api/v1/plan", {{"from", "35.0,139.0"}, {"to", "stop:D"}, {"time", "2024-01-01T07:55"}}));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(body(r).at("detail").as_string().find("no stop within 1000 m of 'from'"), std::string::npos);
}

TEST_F(routes, stops_near_and_their_errors) {
  auto r = call(get("/api/v1/stops", {{"near", "43.4005,141.0"}, {"radius", "200"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  auto const stops = body(r).at("stops").as_array();
  ASSERT_EQ(stops.size(), 2u);
  EXPECT_EQ(stops[0].at("id"), "H");
  EXPECT_DOUBLE_EQ(stops[0].at("distance").as_double(), 44.5);
  EXPECT_EQ(stops[0].at("location").at("lat").as_double(), 43.4009);
  auto limited = call(get("/api/v1/stops", {{"near", "43.4005,141.0"}, {"radius", "200"}, {"limit", "1"}}));
  EXPECT_EQ(body(limited).at("stops").as_array().size(), 1u);
  EXPECT_EQ(call(get("/api/v1/stops", {})).status, 400);
  EXPECT_EQ(body(call(get("/api/v1/stops", {{"near", "43,141"}, {"radius", "9000"}}))).at("detail"),
            "'radius' must be between 0 and 5000");
  EXPECT_EQ(body(call(get("/api/v1/stops", {{"near", "43,141"}, {"limit", "0"}}))).at("detail"),
            "'limit' must be between 1 and 100");
  EXPECT_EQ(body(call(get("/api/v1/stops", {{"near", "stop:A"}}))).at("detail"), "'near' must be 'lat,lon'");
}

TEST_F(routes, without_a_feed_the_routes_answer_503) {
  auto r = call(get("/api/v1/plan", {{"from", "stop:A"}, {"to", "stop:D"}, {"time", "2024-01-01T07:55"}}), nullptr);
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("no GTFS feed is loaded"), std::string::npos);
  EXPECT_EQ(call(get("/api/v1/stops", {{"near", "43,141"}}), nullptr).status, 503);
}

}  // namespace
}  // namespace cityos::mobility::journeys
