// SPDX-License-Identifier: Apache-2.0
// Subscriptions end to end: a broker on an ephemeral port, a test receiver,
// and every write path, trigger, filter and format that decides what is sent.
#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

#include "api/http/http_client.h"
#include "app/instance.h"
#include "common/json.h"
#include "notification_receiver.h"

namespace cityos::api {
namespace {

using testing::notification_receiver;
using testing::received;
using namespace std::chrono_literals;

class subscriptions : public ::testing::Test {
 protected:
  void SetUp() override { start(); }

  void start(std::filesystem::path data_dir = {}) {
    app::instance_options o;
    o.port = 0;
    o.threads = 2;
    o.data_dir = std::move(data_dir);
    broker_ = std::make_unique<app::instance>();  // an instance starts once
    auto r = broker_->start(o);
    ASSERT_TRUE(r) << r.err().detail;
    ASSERT_TRUE(receiver_.started());
    ASSERT_TRUE(client_.connect("127.0.0.1", broker_->port()));
  }

  client_response call(std::string_view method, std::string_view path, std::string_view body = {},
                       client_headers headers = {}) {
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    auto r = client_.request(method, path, headers, body);
    EXPECT_TRUE(r) << r.err().detail;
    return r ? std::move(*r) : client_response{};
  }

  // Creates a subscription (members merged into a default one) and returns its id.
  std::string subscribe(json::object members) {
    json::object s{{"type", "Subscription"},
                   {"entities", json::array{json::object{{"type", "Gauge"}}}},
                   {"notification",
                    json::object{{"endpoint", json::object{{"uri", receiver_.url()}}}}}};
    for (auto& [k, v] : members) s[k] = v;
    auto r = call("POST", "/ngsi-ld/v1/subscriptions", dump(s));
    EXPECT_EQ(r.status, 201) << r.body;
    auto const* loc = r.header("location");
    if (!loc) return {};
    return loc->substr(loc->rfind('/') + 1);
  }

  void create_gauge(std::string const& id, double level, std::string_view extra = "") {
    std::string body = R"({"id":")" + id + R"(","type":"Gauge","level":{"type":"Property","value":)" +
                       std::to_string(level) + "}" + std::string(extra) + "}";
    auto r = call("POST", "/ngsi-ld/v1/entities", body);
    ASSERT_EQ(r.status, 201) << r.body;
  }

  // The data entities of notification `n`.
  static json::array data(received const& n) {
    auto v = n.json();
    auto const* o = v.if_object();
    if (!o || !o->contains("data")) return {};
    return o->at("data").get_array();
  }

  notification_receiver receiver_;
  std::unique_ptr<app::instance> broker_;
  http_client client_;
};

TEST_F(subscriptions, crud_round_trip) {
  auto id = subscribe({{"watchedAttributes", json::array{"level"}}, {"description", "levels"}});
  ASSERT_FALSE(id.empty());
  auto got = call("GET", "/ngsi-ld/v1/subscriptions/" + id);
  ASSERT_EQ(got.status, 200) << got.body;
  auto doc = parse_json(got.body)->as_object();
  EXPECT_EQ(doc.at("id").as_string(), id);
  EXPECT_EQ(doc.at("status").as_string(), "active");
  EXPECT_EQ(doc.at("description").as_string(), "levels");
  EXPECT_EQ(doc.at("notification").at("timesSent").to_number<int>(), 0);

  auto patched = call("PATCH", "/ngsi-ld/v1/subscriptions/" + id, R"({"isActive":false})");
  EXPECT_EQ(patched.status, 204) << patched.body;
  got = call("GET", "/ngsi-ld/v1/subscriptions/" + id);
  EXPECT_EQ(parse_json(got.body)->at("status").as_string(), "paused");

  auto list = call("GET", "/ngsi-ld/v1/subscriptions?count=true");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(parse_json(list.body)->as_array().size(), 1u);
  ASSERT_NE(list.header("ngsild-results-count"), nullptr);
  EXPECT_EQ(*list.header("ngsild-results-count"), "1");

  EXPECT_EQ(call("DELETE", "/ngsi-ld/v1/subscriptions/" + id).status, 204);
  EXPECT_EQ(call("GET", "/ngsi-ld/v1/subscriptions/" + id).status, 404);
  EXPECT_EQ(call("DELETE", "/ngsi-ld/v1/subscriptions/" + id).status, 404);
}

TEST_F(subscriptions, invalid_subscriptions_are_rejected_and_not_stored) {
  auto bad = [&](std::string const& body) {
    auto r = call("POST", "/ngsi-ld/v1/subscriptions", body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
  };
  std::string const ep = R"("notification":{"endpoint":{"uri":")" + receiver_.url() + R"("}})";
  bad(R"({"type":"Subscription",)" + ep + "}");  // neither entities nor watchedAttributes
  bad(R"({"type":"Subscription","entities":[{"type":"Gauge"}]})");  // no notification
  bad(R"({"type":"Subscription","entities":[{"id":"urn:x:1"}],)" + ep + "}");  // selector without type
  bad(R"({"type":"Subscription","entities":[{"type":"Gauge"}],"timeInterval":5,"watchedAttributes":["a"],)" + ep + "}");
  bad(R"({"type":"Subscription","entities":[{"type":"Gauge"}],"timeInterval":5,"throttling":5,)" + ep + "}");
  bad(R"({"type":"Subscription","entities":[{"type":"Gauge"}],"throttling":-1,)" + ep + "}");
  bad(R"({"type":"Subscription","entities":[{"type":"Gauge"}],"watchedAttributes":[],)" + ep + "}");
  bad(R"({"type":"Subscription","entities":[{"type":"Gauge"}],"q":"level>>",)" + ep + "}");
  bad(R"({"type":"Subscription","entities":[{"type":"Gauge"}],"notificationTrigger":["sometimes"],)" + ep + "}");
  bad(R"({"type":"Subscription","entities":[{"type":"Gauge"}],"notification":{"endpoint":{"uri":"not a uri"}}})");
  bad(R"({"type":"Sub","entities":[{"type":"Gauge"}],)" + ep + "}");
  auto list = call("GET", "/ngsi-ld/v1/subscriptions");
  EXPECT_EQ(list.body, "[]");
  // A duplicate id is a conflict.
  std::string const dup = R"({"id":"urn:ngsi-ld:Subscription:dup","type":"Subscription","entities":[{"type":"Gauge"}],)" + ep + "}";
  EXPECT_EQ(call("POST", "/ngsi-ld/v1/subscriptions", dup).status, 201);
  EXPECT_EQ(call("POST", "/ngsi-ld/v1/subscriptions", dup).status, 409);
  // A PATCH that would make it invalid changes nothing.
  EXPECT_EQ(call("PATCH", "/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:dup",
                 R"({"throttling":"often"})").status, 400);
  auto got = parse_json(call("GET", "/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:dup").body);
  EXPECT_FALSE(got->as_object().contains("throttling"));
}

TEST_F(subscriptions, every_write_path_notifies) {
  subscribe({{"notificationTrigger", json::array{"entityCreated", "entityUpdated", "entityDeleted",
                                                 "attributeCreated", "attributeUpdated",
                                                 "attributeDeleted"}}});
  std::string const e = "/ngsi-ld/v1/entities/urn:ngsi-ld:Gauge:1";
  std::size_t n = 0;
  auto expect_one_more = [&](std::string const& what) {
    auto got = receiver_.wait_for(++n);
    ASSERT_EQ(got.size(), n) << what << " sent no notification";
  };
  create_gauge("urn:ngsi-ld:Gauge:1", 1.0);
  expect_one_more("create");
  EXPECT_EQ(call("POST", e + "/attrs", R"({"flow":{"type":"Property","value":3}})").status, 204);
  expect_one_more("append");
  EXPECT_EQ(call("PATCH", e + "/attrs", R"({"level":{"type":"Property","value":2}})").status, 204);
  expect_one_more("update attributes");
  EXPECT_EQ(call("PATCH", e, R"({"level":{"type":"Property","value":3}})").status, 204);
  expect_one_more("merge");
  EXPECT_EQ(call("PATCH", e + "/attrs/level", R"({"value":4})").status, 204);
  expect_one_more("partial attribute update");
  EXPECT_EQ(call("PUT", e + "/attrs/level", R"({"type":"Property","value":5})").status, 204);
  expect_one_more("replace attribute");
  EXPECT_EQ(call("DELETE", e + "/attrs/flow").status, 204);
  expect_one_more("attribute delete");
  EXPECT_EQ(call("PUT", e, R"({"type":"Gauge","level":{"type":"Property","value":6}})").status, 204);
  expect_one_more("replace entity");
  EXPECT_EQ(call("DELETE", e).status, 204);
  expect_one_more("entity delete");
  std::string const batch = R"([{"id":"urn:ngsi-ld:Gauge:2","type":"Gauge","level":{"type":"Property","value":1}}])";
  EXPECT_EQ(call("POST", "/ngsi-ld/v1/entityOperations/create", batch).status, 201);
  expect_one_more("batch create");
  EXPECT_EQ(call("POST", "/ngsi-ld/v1/entityOperations/upsert", R"([{"id":"urn:ngsi-ld:Gauge:2","type":"Gauge","level":{"type":"Property","value":2}}])").status, 204);
  expect_one_more("batch upsert");
  EXPECT_EQ(call("POST", "/ngsi-ld/v1/entityOperations/update", R"([{"id":"urn:ngsi-ld:Gauge:2","level":{"type":"Property","value":3}}])").status, 204);
  expect_one_more("batch update");
  EXPECT_EQ(call("POST", "/ngsi-ld/v1/entityOperations/merge", R"([{"id":"urn:ngsi-ld:Gauge:2","level":{"type":"Property","value":4}}])").status, 204);
  expect_one_more("batch merge");
  EXPECT_EQ(call("POST", "/ngsi-ld/v1/entityOperations/delete", R"(["urn:ngsi-ld:Gauge:2"])").status, 204);
  expect_one_more("batch delete");
  // Nothing else arrives: one notification per write.
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(receiver_.count(), n);
}

TEST_F(subscriptions, batch_writes_share_one_notification) {
  subscribe({});
  std::string batch = "[";
  for (int i = 0; i < 50; ++i) {
    if (i) batch += ",";
    batch += R"({"id":"urn:ngsi-ld:Gauge:b)" + std::to_string(i) +
             R"(","type":"Gauge","level":{"type":"Property","value":1}})";
  }
  batch += "]";
  EXPECT_EQ(call("POST", "/ngsi-ld/v1/entityOperations/create", batch).status, 201);
  auto got = receiver_.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(data(got[0]).size(), 50u);
}

TEST_F(subscriptions, triggers_watched_attributes_and_q_select_changes) {
  subscribe({{"watchedAttributes", json::array{"level"}},
             {"q", "level>2"},
             {"notification", json::object{{"endpoint", json::object{{"uri", receiver_.url("/level")}}},
                                           {"attributes", json::array{"level"}},
                                           {"format", "keyValues"}}}});
  subscribe({{"notificationTrigger", json::array{"entityDeleted"}},
             {"notification", json::object{{"endpoint", json::object{{"uri", receiver_.url("/deleted")}}}}}});
  create_gauge("urn:ngsi-ld:Gauge:q", 1.0, R"(,"flow":{"type":"Property","value":7})");  // q fails
  std::string const e = "/ngsi-ld/v1/entities/urn:ngsi-ld:Gauge:q";
  call("PATCH", e + "/attrs", R"({"flow":{"type":"Property","value":8}})");   // not watched
  call("PATCH", e + "/attrs", R"({"level":{"type":"Property","value":3}})");  // watched, q passes
  call("DELETE", e);
  auto got = receiver_.wait_for(2);
  std::this_thread::sleep_for(100ms);
  got = receiver_.wait_for(2);
  ASSERT_EQ(got.size(), 2u);
  auto const& level = got[0].path == "/level" ? got[0] : got[1];
  auto const& deleted = got[0].path == "/level" ? got[1] : got[0];
  EXPECT_EQ(level.path, "/level");
  auto d = data(level);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(dump(d[0]), R"({"id":"urn:ngsi-ld:Gauge:q","type":"Gauge","level":3})");
  EXPECT_EQ(deleted.path, "/deleted");
  auto dd = data(deleted);
  ASSERT_EQ(dd.size(), 1u);
  EXPECT_TRUE(dd[0].as_object().contains("deletedAt"));
  EXPECT_EQ(dd[0].at("level").at("value").as_string(), "urn:ngsi-ld:null");
}

TEST_F(subscriptions, show_changes_and_deleted_attributes) {
  subscribe({{"notificationTrigger", json::array{"attributeUpdated", "attributeDeleted"}},
             {"notification", json::object{{"endpoint", json::object{{"uri", receiver_.url()}}},
                                           {"showChanges", true}}}});
  create_gauge("urn:ngsi-ld:Gauge:s", 1.5, R"(,"owner":{"type":"Relationship","object":"urn:ngsi-ld:City:a"})");
  std::string const e = "/ngsi-ld/v1/entities/urn:ngsi-ld:Gauge:s";
  call("PATCH", e + "/attrs", R"({"level":{"type":"Property","value":2.5}})");
  call("DELETE", e + "/attrs/owner");
  auto got = receiver_.wait_for(2);
  ASSERT_EQ(got.size(), 2u);
  auto updated = data(got[0]).at(0).as_object();
  EXPECT_EQ(updated.at("level").at("value").to_number<double>(), 2.5);
  EXPECT_EQ(updated.at("level").at("previousValue").to_number<double>(), 1.5);
  auto removed = data(got[1]).at(0).as_object();
  EXPECT_EQ(removed.at("owner").at("object").as_string(), "urn:ngsi-ld:null");
  EXPECT_EQ(removed.at("owner").at("previousObject").as_string(), "urn:ngsi-ld:City:a");
}

TEST_F(subscriptions, headers_context_and_tenant) {
  auto r = call("POST", "/ngsi-ld/v1/subscriptions",
                R"({"type":"Subscription","entities":[{"type":"Gauge"}],"notification":{"endpoint":{"uri":")" +
                    receiver_.url() + R"(","accept":"application/ld+json","receiverInfo":[{"key":"X-Token","value":"t1"}]}}})",
                {{"NGSILD-Tenant", "city"}});
  ASSERT_EQ(r.status, 201) << r.body;
  // A write of another tenant does not reach it.
  create_gauge("urn:ngsi-ld:Gauge:other", 1);
  r = call("POST", "/ngsi-ld/v1/entities",
           R"({"id":"urn:ngsi-ld:Gauge:t","type":"Gauge","level":{"type":"Property","value":1}})",
           {{"NGSILD-Tenant", "city"}});
  ASSERT_EQ(r.status, 201);
  auto got = receiver_.wait_for(1);
  std::this_thread::sleep_for(100ms);
  ASSERT_EQ(receiver_.count(), 1u);
  EXPECT_EQ(got[0].header("content-type"), "application/ld+json");
  EXPECT_EQ(got[0].header("ngsild-tenant"), "city");
  EXPECT_EQ(got[0].header("x-token"), "t1");
  auto n = got[0].json().as_object();
  EXPECT_TRUE(n.contains("@context"));
  EXPECT_EQ(n.at("type").as_string(), "Notification");
  EXPECT_EQ(data(got[0]).at(0).at("id").as_string(), "urn:ngsi-ld:Gauge:t");
  // The subscription is invisible in the default tenant.
  EXPECT_EQ(call("GET", "/ngsi-ld/v1/subscriptions").body, "[]");
}

TEST_F(subscriptions, throttling_limits_the_rate) {
  subscribe({{"throttling", 60}});
  create_gauge("urn:ngsi-ld:Gauge:th", 1);
  receiver_.wait_for(1);
  for (int i = 0; i < 5; ++i) {
    call("PATCH", "/ngsi-ld/v1/entities/urn:ngsi-ld:Gauge:th/attrs",
         R"({"level":{"type":"Property","value":)" + std::to_string(i) + "}}");
  }
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(receiver_.count(), 1u);
}

TEST_F(subscriptions, periodic_notifications_carry_current_state) {
  create_gauge("urn:ngsi-ld:Gauge:p", 4.25);
  subscribe({{"timeInterval", 0.2}});
  auto got = receiver_.wait_for(2, 3s);
  ASSERT_GE(got.size(), 2u);
  EXPECT_EQ(data(got[1]).at(0).at("level").at("value").to_number<double>(), 4.25);
}

TEST_F(subscriptions, paused_and_expired_subscriptions_stay_silent) {
  subscribe({{"isActive", false}});
  subscribe({{"expiresAt", "2001-01-01T00:00:00Z"}});
  create_gauge("urn:ngsi-ld:Gauge:x", 1);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(receiver_.count(), 0u);
  auto list = parse_json(call("GET", "/ngsi-ld/v1/subscriptions").body)->as_array();
  ASSERT_EQ(list.size(), 2u);
  std::set<std::string> statuses;
  for (auto const& s : list) statuses.insert(std::string(s.at("status").as_string()));
  EXPECT_EQ(statuses, (std::set<std::string>{"paused", "expired"}));
}

TEST_F(subscriptions, failures_show_in_the_status) {
  // Nobody listens on port 9 of loopback.
  subscribe({{"notification", json::object{{"endpoint", json::object{{"uri", "http://127.0.0.1:9/n"}}}}}});
  auto id = subscribe({});
  create_gauge("urn:ngsi-ld:Gauge:f", 1);
  receiver_.wait_for(1);  // the healthy endpoint is not held up by the dead one
  EXPECT_EQ(receiver_.count(), 1u);
  std::string dead_id;
  for (int i = 0; i < 100; ++i) {
    auto list = parse_json(call("GET", "/ngsi-ld/v1/subscriptions").body)->as_array();
    for (auto const& s : list) {
      auto const& n = s.at("notification").as_object();
      if (n.at("endpoint").at("uri").as_string() == "http://127.0.0.1:9/n" &&
          n.at("timesFailed").to_number<int>() == 1) {
        dead_id = s.at("id").as_string();
        EXPECT_EQ(n.at("status").as_string(), "failed");
        EXPECT_TRUE(n.contains("lastFailure"));
        EXPECT_FALSE(n.contains("lastSuccess"));
      }
    }
    if (!dead_id.empty()) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_FALSE(dead_id.empty()) << "the failed delivery was never reported";
  auto ok = parse_json(call("GET", "/ngsi-ld/v1/subscriptions/" + id).body);
  EXPECT_EQ(ok->at("notification").at("timesSent").to_number<int>(), 1);
}

TEST_F(subscriptions, subscriptions_survive_a_restart) {
  auto dir = std::filesystem::temp_directory_path() / ("cityos-subs-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  broker_->stop();
  start(dir);
  auto id = subscribe({{"watchedAttributes", json::array{"level"}}});
  broker_->stop();
  start(dir);
  auto got = call("GET", "/ngsi-ld/v1/subscriptions/" + id);
  ASSERT_EQ(got.status, 200) << got.body;
  create_gauge("urn:ngsi-ld:Gauge:r", 1);
  EXPECT_EQ(receiver_.wait_for(1).size(), 1u);
  call("PATCH", "/ngsi-ld/v1/entities/urn:ngsi-ld:Gauge:r/attrs", R"({"level":{"type":"Property","value":2}})");
  // The attribute history survives the restart as well.
  broker_->stop();
  start(dir);
  auto history = call("GET", "/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Gauge:r?attrs=level&options=temporalValues");
  ASSERT_EQ(history.status, 200) << history.body;
  auto values = parse_json(history.body)->at("level").at("values").as_array();
  ASSERT_EQ(values.size(), 2u) << history.body;
  EXPECT_EQ(values[0].at(0).to_number<double>(), 1);
  EXPECT_EQ(values[1].at(0).to_number<double>(), 2);
  broker_->stop();
  std::filesystem::remove_all(dir);
}

TEST_F(subscriptions, notifications_use_the_jsonld_context_asked_for) {
  // A user @context stored in the broker, then named by the subscription.
  auto ctx = call("POST", "/ngsi-ld/v1/jsonldContexts",
                  R"({"@context":{"gauge":"https://example.org/Gauge","waterLevel":"https://example.org/level"}})");
  ASSERT_EQ(ctx.status, 201) << ctx.body;
  std::string const url = "http://127.0.0.1:" + std::to_string(broker_->port()) + *ctx.header("location");
  auto r = call("POST", "/ngsi-ld/v1/subscriptions",
                R"({"type":"Subscription","entities":[{"type":"https://example.org/Gauge"}],"jsonldContext":")" +
                    url + R"(","notification":{"format":"keyValues","endpoint":{"uri":")" + receiver_.url() + R"("}}})");
  ASSERT_EQ(r.status, 201) << r.body;
  r = call("POST", "/ngsi-ld/v1/entities",
           R"({"id":"urn:ngsi-ld:G:1","type":"https://example.org/Gauge","https://example.org/level":{"type":"Property","value":5}})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto got = receiver_.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(dump(data(got[0]).at(0)), R"({"id":"urn:ngsi-ld:G:1","type":"gauge","waterLevel":5})");
  EXPECT_NE(got[0].header("link").find(url), std::string::npos) << got[0].header("link");
  // A context that cannot be fetched is refused with 503.
  r = call("POST", "/ngsi-ld/v1/subscriptions",
           R"({"type":"Subscription","entities":[{"type":"Gauge"}],"jsonldContext":"http://127.0.0.1:9/none.jsonld","notification":{"endpoint":{"uri":")" +
               receiver_.url() + R"("}}})");
  EXPECT_EQ(r.status, 503) << r.body;
}

}  // namespace
}  // namespace cityos::api
