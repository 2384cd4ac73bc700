// SPDX-License-Identifier: Apache-2.0
// Access control end to end (issue 6): a broker with API keys of every role,
// an OpenID Connect issuer (test keys made here), a personal type and a rate
// limit. The matrix of roles x operations x tenants is in case files under
// tests/api/access/cases (format: tests/api/cases/README.md), with the
// credentials as variables; what a case file cannot express (notifications,
// the audit chain on disk, safe-by-default listening) is tested here.
#include <gtest/gtest.h>

#include <boost/asio.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "api/http/http_client.h"
#include "app/instance.h"
#include "auth/api_keys.h"
#include "auth/audit_log.h"
#include "token_factory.h"
#include "../case_runner.h"
#include "../subscriptions/notification_receiver.h"

namespace cityos::api {
namespace {

namespace fs = std::filesystem;
namespace tf = auth::testing;

fs::path const kCaseRoot = fs::path(CITYOS_SOURCE_DIR) / "tests/api/access/cases";
std::string const kIssuer = "https://id.city.test";
std::string const kAudience = "cityos";

std::string read_text(fs::path const& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

long long now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Keys made once for the whole suite (RSA generation is slow).
struct issuer_keys {
  tf::test_key rsa = tf::make_rsa_key("rsa-1");
  tf::test_key ec = tf::make_ec_key("ec-1");
  tf::test_key stranger = tf::make_rsa_key("rsa-1");  // same kid, not in the JWKS
};

issuer_keys const& keys() {
  static issuer_keys const k;
  return k;
}

json::array grants_json(std::string_view tenant, std::string_view role) {
  json::object g;
  g["tenant"] = tenant;
  g["role"] = role;
  return json::array{g};
}

// What a test changes of the secured broker.
struct broker_setup {
  std::string rate_limit;                              // the auth config's rateLimit JSON, or none
  std::string personal_types = R"(["DailySteps"])";    // the auth config's personalTypes JSON
  bool drt_fleet = false;                              // on-demand transport with a fleet in service now
};

// A fresh data dir with keys and an auth config, a broker on it, and the
// variables the case files use.
class secured_broker {
 public:
  explicit secured_broker(broker_setup const& setup = {}) {
    dir_ = fs::temp_directory_path() / ("cityos-access-" + std::to_string(std::rand()) + "-" +
                                        std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(dir_);
    auto store = auth::key_store::open(auth::key_file(dir_));
    if (!store) throw std::runtime_error(store.err().detail);
    epoch_ms const now = now_ms();
    auto make = [&](std::string const& var, auth::grant g, std::optional<epoch_ms> expires = {}) {
      auto k = store->create(std::move(g), var, expires, now);
      if (!k) throw std::runtime_error(k.err().detail);
      vars_[var] = k->key;
      vars_[var + "Id"] = k->record.id;
      return k->record.id;
    };
    make("adminKey", {"", auth::role::admin, {}, {}});
    make("writerKey", {"", auth::role::writer, {}, {}});
    make("readerKey", {"", auth::role::reader, {}, {}});
    make("parkingKey", {"", auth::role::writer, {"OffStreetParking"}, {}});
    make("gaugeKey", {"", auth::role::reader, {}, {"urn:ngsi-ld:WaterObserved:.*"}});
    make("city2Key", {"city2", auth::role::writer, {}, {}});
    make("city2AdminKey", {"city2", auth::role::admin, {}, {}});
    make("serviceKey", {"", auth::role::reader, {}, {}});
    auto revoked = make("revokedKey", {"", auth::role::admin, {}, {}});
    if (!store->revoke(revoked)) throw std::runtime_error("revoke failed");
    make("expiredKey", {"", auth::role::admin, {}, {}}, now + 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));

    auto const& k = keys();
    std::ofstream(dir_ / "jwks.json") << tf::jwks_json({&k.rsa, &k.ec});
    std::string config = R"({"personalTypes": )" + setup.personal_types + R"(, "subjectAttribute": "subject",
      "oidc": {"issuer": ")" + kIssuer + R"(", "audience": ")" + kAudience + R"(", "jwks": "jwks.json"})";
    if (!setup.rate_limit.empty()) config += R"(, "rateLimit": )" + setup.rate_limit;
    config += "}";
    std::ofstream(dir_ / "auth.json") << config;

    long long const t = now_s();
    vars_["aliceToken"] = tf::sign(tf::claims_for(kIssuer, kAudience, "alice", t), k.rsa);
    vars_["bobToken"] = tf::sign(tf::claims_for(kIssuer, kAudience, "bob", t), k.ec);
    vars_["staffToken"] = tf::sign(tf::claims_for(kIssuer, kAudience, "staff-1", t), k.rsa);
    auto officer = tf::claims_for(kIssuer, kAudience, "officer-1", t);
    officer["cityos_grants"] = grants_json("", "writer");
    vars_["officerToken"] = tf::sign(officer, k.ec);
    vars_["forgedToken"] = tf::sign(tf::claims_for(kIssuer, kAudience, "alice", t), k.stranger);
    vars_["expiredToken"] = tf::sign(tf::claims_for(kIssuer, kAudience, "alice", t - 4000, 600), k.rsa);
    vars_["wrongAudToken"] = tf::sign(tf::claims_for(kIssuer, "other-app", "alice", t), k.rsa);
    vars_["noneToken"] = tf::unsigned_token(tf::claims_for(kIssuer, kAudience, "alice", t));

    app::instance_options o;
    o.port = 0;
    o.threads = 2;
    o.data_dir = dir_ / "data";
    fs::create_directories(o.data_dir / "auth");
    fs::copy_file(auth::key_file(dir_), auth::key_file(o.data_dir));
    o.auth_config = dir_ / "auth.json";
    o.record_history = true;
    o.points_preset = "sapporo_2026";  // tests/api/access/cases/points.json
    if (setup.drt_fleet) {
      o.drt_fleet = dir_ / "fleet.json";
      std::ofstream(o.drt_fleet) << R"({"vehicles": [{"id": "v1", "seats": 4, "depot": {"lat": 42.37, "lon": 140.97},
        "shiftStart": ")" + format_iso8601(now - 3'600'000) + R"(", "shiftEnd": ")" + format_iso8601(now + 36'000'000) +
                                          R"("}], "settings": {"speedKmh": 30}, "improvement": {"enabled": false}})";
    }
    vars_["today"] = format_iso8601(now_ms() + 9 * 3'600'000).substr(0, 10);  // Japan's date
    auto r = broker_.start(o);
    if (!r) throw std::runtime_error(r.err().detail);
  }
  ~secured_broker() {
    broker_.stop();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  unsigned short port() const { return broker_.port(); }
  std::map<std::string, std::string> const& vars() const { return vars_; }
  std::string const& var(std::string const& n) const { return vars_.at(n); }
  fs::path audit_file() const { return dir_ / "data" / "auth" / "audit.log"; }
  fs::path data_dir() const { return dir_ / "data"; }

  client_response call(std::string_view method, std::string const& path, std::string const& credential_var,
                       std::string body = {}, client_headers extra = {}) {
    http_client c;
    if (!c.connect("127.0.0.1", port())) return {};
    if (!credential_var.empty()) {
      auto const& v = var(credential_var);
      extra.emplace_back(credential_var.ends_with("Token") ? "Authorization" : "X-API-Key",
                         credential_var.ends_with("Token") ? "Bearer " + v : v);
    }
    if (!body.empty()) extra.emplace_back("Content-Type", "application/json");
    auto r = c.request(method, path, extra, body);
    return r ? std::move(*r) : client_response{};
  }

 private:
  fs::path dir_;
  std::map<std::string, std::string> vars_;
  app::instance broker_;
};

std::vector<std::string> case_files() {
  std::vector<std::string> out;
  if (!fs::exists(kCaseRoot)) return out;
  for (auto const& e : fs::directory_iterator(kCaseRoot)) {
    if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class access_case : public ::testing::TestWithParam<std::string> {};

TEST_P(access_case, runs) {
  auto parsed = parse_json(read_text(kCaseRoot / GetParam()));
  ASSERT_TRUE(parsed && parsed->is_object()) << GetParam();
  secured_broker b;
  case_runner runner({"127.0.0.1", b.port(), kCaseRoot, {}, b.vars()});
  std::string const failure = runner.run(parsed->get_object());
  EXPECT_EQ(failure, "") << GetParam() << "\n" << failure;
}

std::string test_name(::testing::TestParamInfo<std::string> const& info) {
  std::string n = info.param.substr(0, info.param.size() - 5);
  for (auto& c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(cases, access_case, ::testing::ValuesIn(case_files()), test_name);

std::string steps_entity(std::string const& id, std::string const& subject, int steps) {
  return R"({"id": ")" + id + R"(", "type": "DailySteps", "subject": {"type": "Property", "value": ")" + subject +
         R"("}, "steps": {"type": "Property", "value": )" + std::to_string(steps) + "}}";
}

TEST(access_control, notifications_carry_only_what_the_owner_may_read_now) {
  secured_broker b;
  testing::notification_receiver rx;
  ASSERT_TRUE(rx.started());
  // The service subscribes to every DailySteps; alice consents, bob does not.
  std::string const sub = R"({"type": "Subscription", "entities": [{"type": "DailySteps"}],
    "notification": {"endpoint": {"uri": ")" + rx.url() + R"("}}})";
  ASSERT_EQ(b.call("POST", "/ngsi-ld/v1/subscriptions", "serviceKey", sub).status, 201);
  std::string const consent =
      R"({"grantee": ")" + b.var("serviceKeyId") + R"(", "purpose": "health points", "types": ["DailySteps"]})";
  auto given = b.call("POST", "/api/v1/consents", "aliceToken", consent);
  ASSERT_EQ(given.status, 201) << given.body;
  auto consent_id = parse_json(given.body)->at("id").as_string();

  ASSERT_EQ(b.call("POST", "/ngsi-ld/v1/entities", "bobToken", steps_entity("urn:ngsi-ld:DailySteps:bob-1", "bob", 500))
                .status, 201);
  ASSERT_EQ(b.call("POST", "/ngsi-ld/v1/entities", "aliceToken",
                   steps_entity("urn:ngsi-ld:DailySteps:alice-1", "alice", 7000)).status, 201);
  auto got = rx.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].body.find("alice-1"), std::string::npos);
  EXPECT_EQ(got[0].body.find("bob-1"), std::string::npos);
  // The delivery is a read of alice's personal data: audited under the subscription owner.
  auto audited = parse_json(
      b.call("GET", "/api/v1/audit?action=read&who=" + b.var("serviceKeyId"), "adminKey").body);
  ASSERT_TRUE(audited && audited->is_array());
  ASSERT_EQ(audited->get_array().size(), 1u);
  EXPECT_EQ(audited->get_array()[0].at("target").as_string(), "urn:ngsi-ld:DailySteps:alice-1");
  EXPECT_EQ(audited->get_array()[0].at("via").as_string(), "notification");

  // Revoked: the next change of alice's data is not delivered.
  ASSERT_EQ(b.call("DELETE", "/api/v1/consents/" + std::string(consent_id), "aliceToken").status, 204);
  ASSERT_EQ(b.call("PATCH", "/ngsi-ld/v1/entities/urn:ngsi-ld:DailySteps:alice-1/attrs", "aliceToken",
                   R"({"steps": {"type": "Property", "value": 9000}})").status, 204);
  // A change everybody may see, delivered after: proves the matcher got past alice's.
  std::string const sub2 = R"({"type": "Subscription", "entities": [{"type": "OffStreetParking"}],
    "notification": {"endpoint": {"uri": ")" + rx.url("/parking") + R"("}}})";
  ASSERT_EQ(b.call("POST", "/ngsi-ld/v1/subscriptions", "serviceKey", sub2).status, 201);
  ASSERT_EQ(b.call("POST", "/ngsi-ld/v1/entities", "writerKey",
                   R"({"id": "urn:ngsi-ld:OffStreetParking:p1", "type": "OffStreetParking",
                       "availableSpotNumber": {"type": "Property", "value": 12}})").status, 201);
  got = rx.wait_for(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].path, "/parking");
}

TEST(access_control, live_updates_carry_only_what_the_caller_may_read) {
  secured_broker b;
  EXPECT_EQ(b.call("GET", "/api/v1/live", "").status, 401);
  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  s.connect({asio::ip::make_address("127.0.0.1"), b.port()});
  std::string const req = "GET /api/v1/live HTTP/1.1\r\nHost: x\r\nX-API-Key: " + b.var("gaugeKey") + "\r\n\r\n";
  asio::write(s, asio::buffer(req));
  std::string buf;
  auto read_until = [&](std::string_view text) {
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (buf.find(text) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      if (s.available() == 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        continue;
      }
      char chunk[2048];
      boost::system::error_code ec;
      auto n = s.read_some(asio::buffer(chunk), ec);
      if (ec) break;
      buf.append(chunk, n);
    }
    return buf.find(text) != std::string::npos;
  };
  ASSERT_TRUE(read_until(": connected")) << buf;
  // The gauge key reads only urn:ngsi-ld:WaterObserved:*: the bus is written first, then the gauge.
  EXPECT_EQ(b.call("POST", "/ngsi-ld/v1/entities", "writerKey",
                   R"({"id": "urn:ngsi-ld:Vehicle:bus9", "type": "Vehicle", "speed": {"type": "Property", "value": 30}})")
                .status,
            201);
  EXPECT_EQ(b.call("POST", "/ngsi-ld/v1/entities", "writerKey",
                   R"({"id": "urn:ngsi-ld:WaterObserved:g9", "type": "WaterObserved", "height": {"type": "Property", "value": 1.5}})")
                .status,
            201);
  ASSERT_TRUE(read_until("WaterObserved:g9")) << buf;
  EXPECT_EQ(buf.find("bus9"), std::string::npos) << buf;
}

TEST(access_control, audit_log_records_and_chains) {
  secured_broker b;
  ASSERT_EQ(b.call("POST", "/ngsi-ld/v1/entities", "aliceToken",
                   steps_entity("urn:ngsi-ld:DailySteps:alice-1", "alice", 7000)).status, 201);
  ASSERT_EQ(b.call("GET", "/ngsi-ld/v1/entities/urn:ngsi-ld:DailySteps:alice-1", "aliceToken").status, 200);
  ASSERT_EQ(b.call("GET", "/ngsi-ld/v1/entities/urn:ngsi-ld:DailySteps:alice-1", "readerKey").status, 404);
  auto v = b.call("GET", "/api/v1/audit/verify", "adminKey");
  ASSERT_EQ(v.status, 200);
  auto doc = parse_json(v.body);
  ASSERT_TRUE(doc);
  EXPECT_TRUE(doc->at("intact").as_bool());
  EXPECT_EQ(doc->at("records").as_int64(), 2);  // the create and alice's read
  // The personal read is recorded with who and from where.
  auto reads = b.call("GET", "/api/v1/audit?action=read&target=urn:ngsi-ld:DailySteps:alice-1", "adminKey");
  auto list = parse_json(reads.body);
  ASSERT_TRUE(list && list->is_array() && list->get_array().size() == 1) << reads.body;
  EXPECT_EQ(list->get_array()[0].at("who").as_string(), "alice");
  EXPECT_NE(list->get_array()[0].at("remote").as_string(), "");
  // Editing the file breaks the chain, and the API says so.
  auto text = read_text(b.audit_file());
  auto const at = text.find("alice");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 5, "mallo");
  std::ofstream(b.audit_file(), std::ios::trunc) << text;
  doc = parse_json(b.call("GET", "/api/v1/audit/verify", "adminKey").body);
  EXPECT_FALSE(doc->at("intact").as_bool());
}

TEST(access_control, a_key_made_by_the_cli_beside_the_server_works) {
  secured_broker b;
  auto other = auth::key_store::open(auth::key_file(b.data_dir()));  // as `cityos keys create` does
  ASSERT_TRUE(other);
  auto k = other->create({"", auth::role::reader, {}, {}}, "cli", std::nullopt, now_ms());
  ASSERT_TRUE(k);
  http_client c;
  ASSERT_TRUE(c.connect("127.0.0.1", b.port()));
  auto r = c.request("GET", "/ngsi-ld/v1/types", {{"X-API-Key", k->key}}, "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(access_control, rate_limit_answers_429_with_retry_after) {
  broker_setup setup;
  setup.rate_limit = R"({"perSecond": 1, "burst": 3})";
  secured_broker b(setup);
  int ok = 0, limited = 0;
  std::string retry;
  for (int i = 0; i < 6; ++i) {
    auto r = b.call("GET", "/ngsi-ld/v1/types", "readerKey");
    if (r.status == 200) ++ok;
    if (r.status == 429) {
      ++limited;
      for (auto const& [k, v] : r.headers) {
        if (k == "retry-after") retry = v;
      }
    }
  }
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(limited, 3);
  EXPECT_EQ(retry, "1");
  // Another caller has its own bucket.
  EXPECT_EQ(b.call("GET", "/ngsi-ld/v1/types", "writerKey").status, 200);
}

// A ride request is personal data once DrtRequest is declared personal: a
// booking made with a person's token rides as that person; the request is
// shown, as the service answer and as the published entity, only to the rider
// and whom the rider consented to; to anyone else it does not exist.
TEST(access_control, ride_requests_are_personal_to_their_rider) {
  broker_setup setup;
  setup.personal_types = R"(["DailySteps", "DrtRequest"])";
  setup.drt_fleet = true;
  secured_broker b(setup);
  std::string const booking = R"({"id": "ride-1", "kind": "passenger",
    "pickup": {"lat": 42.370, "lon": 140.970}, "dropoff": {"lat": 42.380, "lon": 140.990},
    "pickupTime": ")" + format_iso8601(now_ms() + 1'800'000) + R"(", "passengers": 1})";
  auto booked = b.call("POST", "/api/v1/drt/requests", "officerToken", booking);  // a writer's own ride
  ASSERT_EQ(booked.status, 201) << booked.body;
  auto own = b.call("GET", "/api/v1/drt/requests/ride-1", "officerToken");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(parse_json(own.body)->at("rider").as_string(), "officer-1");
  EXPECT_EQ(b.call("GET", "/ngsi-ld/v1/entities/urn:ngsi-ld:DrtRequest:ride-1", "officerToken").status, 200);
  // Not even an admin sees it, neither through the service nor the broker.
  EXPECT_EQ(b.call("GET", "/api/v1/drt/requests/ride-1", "adminKey").status, 404);
  EXPECT_EQ(b.call("GET", "/ngsi-ld/v1/entities/urn:ngsi-ld:DrtRequest:ride-1", "adminKey").status, 404);
  EXPECT_EQ(b.call("GET", "/api/v1/drt/requests/ride-1", "aliceToken").status, 404);
  // The rider consents to the operator's service key: it sees the request, audited.
  std::string const consent =
      R"({"grantee": ")" + b.var("serviceKeyId") + R"(", "purpose": "ride support", "types": ["DrtRequest"]})";
  ASSERT_EQ(b.call("POST", "/api/v1/consents", "officerToken", consent).status, 201);
  EXPECT_EQ(b.call("GET", "/api/v1/drt/requests/ride-1", "serviceKey").status, 200);
  auto audited = parse_json(b.call("GET", "/api/v1/audit?action=read&who=" + b.var("serviceKeyId"), "adminKey").body);
  ASSERT_TRUE(audited && audited->is_array());
  ASSERT_FALSE(audited->get_array().empty());
  EXPECT_EQ(audited->get_array().back().at("target").as_string(), "urn:ngsi-ld:DrtRequest:ride-1");
  // An app backend (a writer key, no person) books for a named rider.
  std::string on_behalf = booking;
  on_behalf.replace(on_behalf.find("ride-1"), 6, "ride-2");
  on_behalf.insert(1, R"("rider": "alice", )");
  ASSERT_EQ(b.call("POST", "/api/v1/drt/requests", "writerKey", on_behalf).status, 201);
  EXPECT_EQ(b.call("GET", "/api/v1/drt/requests/ride-2", "aliceToken").status, 200);
  EXPECT_EQ(b.call("GET", "/api/v1/drt/requests/ride-2", "writerKey").status, 404);
}

// Without DrtRequest declared personal, ride requests are the operator's
// records: readers see them, a person's token without a role does not.
TEST(access_control, ride_requests_need_the_reader_role_unless_personal) {
  broker_setup setup;
  setup.drt_fleet = true;
  secured_broker b(setup);
  std::string const booking = R"({"id": "ride-1", "kind": "passenger",
    "pickup": {"lat": 42.370, "lon": 140.970}, "dropoff": {"lat": 42.380, "lon": 140.990},
    "pickupTime": ")" + format_iso8601(now_ms() + 1'800'000) + R"(", "passengers": 1, "rider": "alice"})";
  ASSERT_EQ(b.call("POST", "/api/v1/drt/requests", "writerKey", booking).status, 201);
  EXPECT_EQ(b.call("GET", "/api/v1/drt/requests/ride-1", "readerKey").status, 200);
  EXPECT_EQ(b.call("GET", "/api/v1/drt/requests/ride-1", "aliceToken").status, 403);
  EXPECT_EQ(b.call("GET", "/api/v1/drt/vehicles", "aliceToken").status, 403);
}

TEST(access_control, refuses_a_public_address_without_access_control) {
  app::instance i;
  app::instance_options o;
  o.host = "0.0.0.0";
  o.port = 0;
  auto r = i.start(o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.err().detail.find("--insecure"), std::string::npos);
  o.insecure = true;
  app::instance j;
  auto started = j.start(o);
  EXPECT_TRUE(started) << (started ? "" : started.err().detail);
}

}  // namespace
}  // namespace cityos::api
