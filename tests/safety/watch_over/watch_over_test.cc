// SPDX-License-Identifier: Apache-2.0
// The watch-over service on a memory store and its route: Device writes -> personal
// WatchOverAlert entities; only carers holding the person's consent see them, and a
// revoked consent hides them at once.
#include "safety/watch_over/watch_over.h"

#include <gtest/gtest.h>

#include <atomic>

#include "api/access_gate.h"
#include "auth/access_policy.h"
#include "auth/consents.h"
#include "safety/watch_over/routes.h"
#include "store/memory/memory_store.h"
#include "store/publish/entity_publisher.h"
#include "watch_fixture.h"

namespace cityos::safety::watch_over {
namespace {

using test::kHome;
using test::kMinute;
using test::kT0;

json::object tag(lon_lat p, double battery, epoch_ms t) {
  return json::object{
      {"id", "urn:ngsi-ld:Device:tag-01"},
      {"type", "Device"},
      {"location", json::object{{"type", "GeoProperty"},
                                {"value", json::object{{"type", "Point"}, {"coordinates", json::array{p.lon, p.lat}}}},
                                {"observedAt", format_iso8601(t)}}},
      {"batteryLevel", json::object{{"type", "Property"}, {"value", battery}, {"observedAt", format_iso8601(t)}}}};
}

class watch_over_test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto st = store::memory_store::open({});
    ASSERT_TRUE(st);
    store = std::move(*st);
    consents = std::make_unique<auth::consent_registry>(*store);
    svc = std::make_unique<watch_over>(test::config(), *store, [this] { return now.load(); });
    svc->start();
    add_watch_over_routes(router, svc.get());
  }

  void report(lon_lat p, double battery, epoch_ms t) {
    now = t;
    ASSERT_TRUE(store::publish_entities(*store, "", {tag(p, battery, t)}, format_iso8601(t)));
    svc->drain();
  }

  // The alerts GET /api/v1/safety/watch/alerts shows `who` (nullptr: access control off).
  std::size_t visible(auth::principal const* who, bool all = false) {
    api::http_request req;
    req.method = "GET";
    req.path = req.target = "/api/v1/safety/watch/alerts";
    if (all) {
      req.query = {{"all", "true"}};
      req.target += "?all=true";
    }
    if (who) req.access = std::make_shared<auth::access const>(*who, policy, consents.get(), nullptr, "");
    auto const resp = router.handle(req);
    EXPECT_EQ(resp.status, 200) << resp.body;
    return parse_json(resp.body)->at("alerts").as_array().size();
  }

  std::string consent_to(std::string grantee) {
    auto c = auth::parse_consent(
        *parse_json(R"({"grantee": ")" + grantee + R"(", "purpose": "watch-over", "types": ["WatchOverAlert"]})"),
        "hanako", now_ms());
    EXPECT_TRUE(c);
    auto made = consents->create(*c);
    EXPECT_TRUE(made);
    return made->id;
  }

  std::unique_ptr<store::memory_store> store;
  std::unique_ptr<auth::consent_registry> consents;
  auth::access_policy policy{{{"WatchOverAlert"}, "subject"}};
  std::atomic<epoch_ms> now{kT0};
  std::unique_ptr<watch_over> svc;
  api::router router;
  auth::principal carer{auth::principal::kind::api_key, "carer-key", "", {{"", auth::role::reader, {}, {}}}};
  auth::principal stranger{auth::principal::kind::api_key, "other-key", "", {{"", auth::role::admin, {}, {}}}};
  auth::principal hanako{auth::principal::kind::token, "hanako", "hanako", {}};
};

TEST_F(watch_over_test, tag_reports_raise_personal_alerts_in_the_store) {
  report(kHome, 0.9, kT0);
  report({kHome.lon + 0.01, kHome.lat}, 0.1, kT0 + kMinute);  // left the zone, battery low
  EXPECT_EQ(visible(nullptr), 2u);
  int stored = 0;
  store->scan("", [&](json::object const& e) {
    if (std::string_view(e.at("id").as_string()).starts_with("urn:ngsi-ld:WatchOverAlert:")) {
      ++stored;
      EXPECT_EQ(policy.subject_of(e), "urn:ngsi-ld:Person:hanako");
      EXPECT_TRUE(policy.is_personal(e));
    }
    return true;
  });
  EXPECT_EQ(stored, 2);
  report(kHome, 0.9, kT0 + 2 * kMinute);  // back home, recharged
  EXPECT_EQ(visible(nullptr), 0u);
  EXPECT_EQ(visible(nullptr, true), 2u);  // closed ones with ?all=true
}

TEST_F(watch_over_test, no_movement_from_the_timer) {
  report(kHome, 0.9, kT0);  // 09:00 JST
  svc->check(kT0 + 130 * kMinute);
  EXPECT_EQ(visible(nullptr), 1u);
}

TEST_F(watch_over_test, carers_see_alerts_only_with_consent_and_revocation_is_immediate) {
  report({kHome.lon + 0.01, kHome.lat}, 0.9, kT0);
  EXPECT_EQ(visible(&carer), 0u);     // a carer without consent sees nothing
  EXPECT_EQ(visible(&stranger), 0u);  // an admin who is no carer neither
  EXPECT_EQ(visible(&hanako), 1u);    // the person sees their own
  std::string const id = consent_to("carer-key");
  consent_to("other-key");            // consent alone does not make a carer
  EXPECT_EQ(visible(&carer), 1u);
  EXPECT_EQ(visible(&stranger), 0u);
  ASSERT_TRUE(consents->revoke(id, "hanako"));
  EXPECT_EQ(visible(&carer), 0u);  // at once
}

TEST(watch_over_routes, gate_admits_any_credential_and_the_route_decides) {
  api::http_request req;
  req.method = "GET";
  req.path = req.target = "/api/v1/safety/watch/alerts";
  EXPECT_EQ(api::required_access(req), api::route_need::authenticated);
}

TEST(watch_over_routes, answer_503_without_configuration) {
  api::router r;
  add_watch_over_routes(r, nullptr);
  api::http_request req;
  req.method = "GET";
  req.path = req.target = "/api/v1/safety/watch/alerts";
  EXPECT_EQ(r.handle(req).status, 503);
}

}  // namespace
}  // namespace cityos::safety::watch_over
