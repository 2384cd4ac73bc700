// SPDX-License-Identifier: Apache-2.0
#include "auth/access_policy.h"

#include <gtest/gtest.h>

#include "auth/consents.h"
#include "store/memory/memory_store.h"

namespace cityos::auth {
namespace {

std::string const kBase = "https://uri.etsi.org/ngsi-ld/default-context/";

json::object entity(std::string id, std::string type, std::string subject = "") {
  json::object e;
  e["id"] = id;
  e["type"] = json::array{kBase + type};
  if (!subject.empty()) {
    json::object p;
    p["type"] = "Property";
    p["value"] = subject;
    e[kBase + "subject"] = json::array{p};
  }
  return e;
}

principal key_with(grant g) { return principal{principal::kind::api_key, "k1", {}, {std::move(g)}}; }

TEST(access_policy, names_match_by_iri_or_local_name) {
  EXPECT_TRUE(names_type("WaterObserved", "https://smartdatamodels.org/dataModel.Environment/WaterObserved"));
  EXPECT_TRUE(names_type(kBase + "X", kBase + "X"));
  EXPECT_FALSE(names_type("Water", kBase + "WaterObserved"));
  EXPECT_FALSE(names_type("urn:a:WaterObserved", kBase + "WaterObserved"));
  EXPECT_EQ(local_name("urn:ngsi-ld:Person:alice"), "alice");
}

TEST(access_policy, grants_by_tenant_role_type_and_id) {
  access_policy policy({});
  access a(key_with({"t1", role::writer, {"Parking"}, {"urn:p:.*"}}), policy, nullptr, nullptr, "");
  EXPECT_TRUE(a.may_read("t1", entity("urn:p:1", "Parking")));
  EXPECT_TRUE(a.may_write("t1", entity("urn:p:1", "Parking")));
  EXPECT_FALSE(a.may_read("t2", entity("urn:p:1", "Parking")));       // other tenant
  EXPECT_FALSE(a.may_read("t1", entity("urn:p:1", "Gauge")));         // other type
  EXPECT_FALSE(a.may_read("t1", entity("urn:q:1", "Parking")));       // id pattern
  EXPECT_FALSE(a.may_read("t1", entity("xurn:p:1", "Parking")));      // whole-id match
  EXPECT_EQ(a.tenant_role("t1"), role::writer);
  EXPECT_FALSE(a.tenant_role("t2"));
  access r(key_with({"*", role::reader, {}, {}}), policy, nullptr, nullptr, "");
  EXPECT_TRUE(r.may_read("any", entity("urn:x", "X")));
  EXPECT_FALSE(r.may_write("any", entity("urn:x", "X")));
}

TEST(access_policy, personal_data_needs_subject_or_consent) {
  auto st = store::memory_store::open({});
  ASSERT_TRUE(st);
  consent_registry consents(**st);
  access_policy policy({{"DailySteps"}, "subject"});
  auto const steps = entity("urn:s:1", "DailySteps", "urn:ngsi-ld:Person:alice");
  principal alice{principal::kind::token, "alice", "alice", {}};
  principal admin = key_with({"", role::admin, {}, {}});
  principal staff{principal::kind::token, "staff", "staff", {{"", role::writer, {}, {}}}};
  EXPECT_TRUE(access(alice, policy, &consents, nullptr, "").may_read("", steps));
  EXPECT_TRUE(access(alice, policy, &consents, nullptr, "").may_write("", steps));
  EXPECT_FALSE(access(admin, policy, &consents, nullptr, "").may_read("", steps));
  EXPECT_FALSE(access(staff, policy, &consents, nullptr, "").may_write("", steps));

  auto c = parse_consent(*parse_json(R"({"grantee": "staff", "purpose": "advice", "types": ["DailySteps"]})"),
                         "alice", now_ms());
  ASSERT_TRUE(c);
  auto made = consents.create(*c);
  ASSERT_TRUE(made);
  EXPECT_TRUE(access(staff, policy, &consents, nullptr, "").may_read("", steps));
  EXPECT_TRUE(access(staff, policy, &consents, nullptr, "").may_write("", steps));
  EXPECT_FALSE(consents.revoke(made->id, "bob"));  // not bob's
  ASSERT_TRUE(consents.revoke(made->id, "alice"));
  EXPECT_FALSE(access(staff, policy, &consents, nullptr, "").may_read("", steps));
}

TEST(access_policy, consents_expire_and_survive_a_restart) {
  auto st = store::memory_store::open({});
  ASSERT_TRUE(st);
  epoch_ms const now = now_ms();
  {
    consent_registry consents(**st);
    consent c{"", "alice", "svc", "points", {}, now, now + 60'000};
    ASSERT_TRUE(consents.create(c));
  }
  consent_registry reloaded(**st);
  EXPECT_TRUE(reloaded.allows("alice", "svc", kBase + "DailySteps", now + 1000));
  EXPECT_FALSE(reloaded.allows("alice", "svc", kBase + "DailySteps", now + 61'000));
  EXPECT_FALSE(reloaded.allows("alice", "other", kBase + "DailySteps", now + 1000));
}

TEST(access_policy, consent_documents_are_validated) {
  auto bad = [](std::string_view doc) { return !parse_consent(*parse_json(doc), "alice", now_ms()); };
  EXPECT_TRUE(bad(R"({"purpose": "x"})"));
  EXPECT_TRUE(bad(R"({"grantee": "g"})"));
  EXPECT_TRUE(bad(R"({"grantee": "g", "purpose": "x", "types": "DailySteps"})"));
  EXPECT_TRUE(bad(R"({"grantee": "g", "purpose": "x", "expires": "yesterday"})"));
  EXPECT_TRUE(bad(R"({"grantee": "g", "purpose": "x", "extra": 1})"));
  EXPECT_FALSE(bad(R"({"grantee": "g", "purpose": "x", "expires": "2099-01-01T00:00:00Z"})"));
}

TEST(access_policy, owner_documents_round_trip) {
  principal p{principal::kind::token, "u1", "u1", {{"t", role::writer, {"A"}, {"urn:a:.*"}}}};
  auto back = owner_principal(owner_doc(p));
  EXPECT_EQ(back.via, principal::kind::token);
  EXPECT_EQ(back.subject, "u1");
  ASSERT_EQ(back.grants.size(), 1u);
  EXPECT_EQ(back.grants[0].level, role::writer);
  EXPECT_EQ(back.grants[0].types, std::vector<std::string>{"A"});
  EXPECT_EQ(back.grants[0].id_patterns, std::vector<std::string>{"urn:a:.*"});
}

}  // namespace
}  // namespace cityos::auth
