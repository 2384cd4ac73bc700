// SPDX-License-Identifier: Apache-2.0
// Parsing and validation of Subscriptions, PATCH merging, change matching
// and notification rendering, without a server.
#include <gtest/gtest.h>

#include "api/subscriptions/change_match.h"
#include "api/subscriptions/notification_body.h"
#include "api/subscriptions/subscription.h"
#include "common/json.h"

namespace cityos::api {
namespace {

constexpr char const* kGauge = "https://uri.etsi.org/ngsi-ld/default-context/Gauge";
constexpr char const* kLevel = "https://uri.etsi.org/ngsi-ld/default-context/level";
constexpr char const* kFlow = "https://uri.etsi.org/ngsi-ld/default-context/flow";

std::shared_ptr<ngsild::context const> core() { return ngsild::context::core(); }

result<subscription> parse(std::string_view text) {
  auto v = parse_json(text);
  EXPECT_TRUE(v.ok());
  return parse_subscription(v->as_object(), "", json::value(), core());
}

subscription must_parse(std::string_view text) {
  auto s = parse(text);
  EXPECT_TRUE(s.ok()) << (s ? "" : s.err().detail);
  return s ? std::move(*s) : subscription{};
}

std::shared_ptr<json::object const> gauge(std::string id, double level,
                                          std::optional<double> flow = std::nullopt) {
  json::object e{{"id", id}, {"type", json::array{kGauge}}};
  e[kLevel] = json::array{json::object{{"type", "Property"}, {"value", level}}};
  if (flow) e[kFlow] = json::array{json::object{{"type", "Property"}, {"value", *flow}}};
  return std::make_shared<json::object const>(std::move(e));
}

store::entity_change change(std::shared_ptr<json::object const> before,
                            std::shared_ptr<json::object const> after) {
  return {"", "urn:g:1", std::move(before), std::move(after), 1};
}

constexpr std::string_view kEndpoint = R"("notification":{"endpoint":{"uri":"http://h/n"}})";

std::string sub(std::string_view members) {
  return R"({"type":"Subscription","entities":[{"type":"Gauge"}],)" + std::string(members) +
         (members.empty() ? "" : ",") + std::string(kEndpoint) + "}";
}

TEST(subscription_parse, defaults_and_expansion) {
  auto s = must_parse(sub(R"("watchedAttributes":["level"],"q":"level>2")"));
  EXPECT_TRUE(s.wants(trigger::attribute_created));
  EXPECT_TRUE(s.wants(trigger::attribute_updated));
  EXPECT_FALSE(s.wants(trigger::entity_deleted));
  ASSERT_EQ(s.watched.size(), 1u);
  EXPECT_EQ(s.watched[0], kLevel);
  EXPECT_EQ(s.endpoint.accept, "application/json");
  EXPECT_TRUE(s.active);
  EXPECT_TRUE(s.doc.at("isActive").as_bool());
  EXPECT_NE(s.filter, nullptr);
  EXPECT_EQ(s.status(0), "active");
}

TEST(subscription_parse, rejects_invalid_members) {
  for (std::string_view bad : {
           R"("timeInterval":0)", R"("throttling":"x")", R"("isActive":"yes")",
           R"("expiresAt":"tomorrow")", R"("jsonldContext":"nope")", R"("geoQ":{"georel":"near"})",
           R"("notificationTrigger":[])", R"("lang":3)"}) {
    EXPECT_FALSE(parse(sub(bad)).ok()) << bad;
  }
  EXPECT_FALSE(parse(R"({"type":"Subscription","entities":[{"type":"Gauge"}],"notification":{"endpoint":{"uri":"ftp://x/y"}}})").ok());
  EXPECT_FALSE(parse(R"({"type":"Subscription","entities":[{"type":"Gauge"}],"notification":{"format":"xml","endpoint":{"uri":"http://h/n"}}})").ok());
  EXPECT_FALSE(parse(R"({"type":"Subscription","entities":[{"type":"Gauge"}],"notification":{"attributes":["a"],"pick":["b"],"endpoint":{"uri":"http://h/n"}}})").ok());
}

TEST(subscription_parse, expires_at_decides_status) {
  auto s = must_parse(sub(R"("expiresAt":"2030-01-01T00:00:00Z")"));
  EXPECT_EQ(s.status(0), "active");
  EXPECT_EQ(s.status(*parse_iso8601("2031-01-01T00:00:00Z")), "expired");
}

TEST(subscription_merge, replaces_members_and_merges_notification) {
  auto s = must_parse(sub(R"("id":"urn:s:1","description":"a")"));
  auto merged = merge_subscription_doc(
      s.doc, parse_json(R"({"description":null,"notification":{"format":"keyValues","endpoint":{"accept":"application/ld+json"}}})")->as_object());
  ASSERT_TRUE(merged.ok());
  EXPECT_FALSE(merged->contains("description"));
  EXPECT_EQ(merged->at("notification").at("format").as_string(), "keyValues");
  EXPECT_EQ(merged->at("notification").at("endpoint").at("uri").as_string(), "http://h/n");
  EXPECT_EQ(merged->at("notification").at("endpoint").at("accept").as_string(), "application/ld+json");
  EXPECT_FALSE(merge_subscription_doc(s.doc, parse_json(R"({"id":"urn:s:2"})")->as_object()).ok());
}

TEST(change_match, summarizes_what_changed) {
  auto sum = summarize(change(gauge("urn:g:1", 1, 5), gauge("urn:g:1", 2)));
  EXPECT_FALSE(sum.entity_created);
  EXPECT_TRUE(sum.entity_changed);
  EXPECT_EQ(sum.updated, std::vector<std::string>{kLevel});
  EXPECT_EQ(sum.deleted, std::vector<std::string>{kFlow});
  EXPECT_TRUE(sum.created.empty());
  auto created = summarize(change(nullptr, gauge("urn:g:1", 1)));
  EXPECT_TRUE(created.entity_created);
  EXPECT_EQ(created.created, std::vector<std::string>{kLevel});
  EXPECT_TRUE(summarize(change(gauge("urn:g:1", 1), nullptr)).entity_deleted);
  EXPECT_FALSE(summarize(change(gauge("urn:g:1", 1), gauge("urn:g:1", 1))).entity_changed);
}

TEST(change_match, watched_attributes_and_triggers) {
  auto watch_flow = must_parse(sub(R"("watchedAttributes":["flow"])"));
  auto c = change(gauge("urn:g:1", 1, 5), gauge("urn:g:1", 2, 5));  // only level changes
  EXPECT_FALSE(concerns(watch_flow, c, summarize(c)));
  auto any = must_parse(sub(""));
  EXPECT_TRUE(concerns(any, c, summarize(c)));
  auto del = change(gauge("urn:g:1", 1), nullptr);
  EXPECT_FALSE(concerns(any, del, summarize(del)));  // default triggers ignore deletions
  auto on_delete = must_parse(sub(R"("notificationTrigger":["entityDeleted"])"));
  EXPECT_TRUE(concerns(on_delete, del, summarize(del)));
  auto other_type = must_parse(R"({"type":"Subscription","entities":[{"type":"Bus"}],"notification":{"endpoint":{"uri":"http://h/n"}}})");
  EXPECT_FALSE(concerns(other_type, c, summarize(c)));
  auto by_pattern = must_parse(R"({"type":"Subscription","entities":[{"type":"Gauge","idPattern":"urn:g:[0-9]+"}],"notification":{"endpoint":{"uri":"http://h/n"}}})");
  EXPECT_TRUE(concerns(by_pattern, c, summarize(c)));
  auto by_id = must_parse(R"({"type":"Subscription","entities":[{"type":"Gauge","id":"urn:g:2"}],"notification":{"endpoint":{"uri":"http://h/n"}}})");
  EXPECT_FALSE(concerns(by_id, c, summarize(c)));
  auto with_q = must_parse(sub(R"("q":"level>5")"));
  EXPECT_FALSE(concerns(with_q, c, summarize(c)));
}

TEST(notification_body, renders_formats_and_changes) {
  auto s = must_parse(R"({"type":"Subscription","entities":[{"type":"Gauge"}],"notification":{"showChanges":true,"endpoint":{"uri":"http://h/n"}},"notificationTrigger":["attributeUpdated","attributeDeleted"]})");
  auto c = change(gauge("urn:g:1", 1, 5), gauge("urn:g:1", 2));
  auto out = render_change(s, *core(), c, summarize(c), "2026-01-01T00:00:00Z");
  EXPECT_EQ(dump(out), R"({"id":"urn:g:1","type":"Gauge","level":{"type":"Property","value":2,"previousValue":1},"flow":{"type":"Property","previousValue":5,"value":"urn:ngsi-ld:null"}})");
  auto kv = must_parse(R"({"type":"Subscription","entities":[{"type":"Gauge"}],"notification":{"format":"keyValues","attributes":["level"],"endpoint":{"uri":"http://h/n"}}})");
  EXPECT_EQ(dump(render_change(kv, *core(), c, summarize(c), "t")), R"({"id":"urn:g:1","type":"Gauge","level":2})");
  auto del = change(gauge("urn:g:1", 1), nullptr);
  auto gone = render_change(kv, *core(), del, summarize(del), "2026-01-01T00:00:00Z");
  EXPECT_EQ(dump(gone), R"({"id":"urn:g:1","type":"Gauge","deletedAt":"2026-01-01T00:00:00Z","level":"urn:ngsi-ld:null"})");
  auto n = make_notification("urn:s:1", "t", json::array{out});
  EXPECT_EQ(n.at("type").as_string(), "Notification");
  EXPECT_TRUE(n.at("id").as_string().starts_with("urn:ngsi-ld:Notification:"));
  EXPECT_EQ(n.at("data").as_array().size(), 1u);
}

}  // namespace
}  // namespace cityos::api
