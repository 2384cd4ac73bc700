// SPDX-License-Identifier: Apache-2.0
// `cityos keys create|list|revoke` (src/app/keys_command.cc), run in process.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "auth/api_keys.h"
#include "keys_cli.h"

namespace cityos::app {
namespace {

using testing::run_keys_cli;

constexpr epoch_ms kNow = 1'780'000'000'000;  // 2026-05-28T20:26:40Z

class KeysCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cityos-keys-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  int run(std::vector<std::string> args, epoch_ms now = kNow) {
    args.push_back("--data");
    args.push_back(dir_.string());
    return run_keys_cli(std::move(args), now, out_, err_);
  }

  // The key printed by `create`.
  std::string printed_key() const {
    std::smatch m;
    EXPECT_TRUE(std::regex_search(out_, m, std::regex("cityos_[a-z0-9]{12}_[A-Za-z0-9_-]{43}"))) << out_;
    return m.empty() ? std::string() : m.str();
  }

  auth::key_store store() const {
    auto s = auth::key_store::open(auth::key_file(dir_));
    EXPECT_TRUE(s.ok());
    return std::move(*s);
  }

  std::filesystem::path dir_;
  std::string out_, err_;
};

TEST_F(KeysCommand, CreatePrintsTheKeyOnceAndStoresTheGrant) {
  ASSERT_EQ(run({"create", "--tenant", "city", "--role", "writer", "--types", "ParkingSpot,Streetlight",
                 "--id-pattern", "^urn:ngsi-ld:ParkingSpot:", "--description", "sensor gateway"}),
            0) << err_;
  auto const key = printed_key();
  EXPECT_NE(out_.find("shown only once"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir_ / "auth" / "keys.json"));
  auto v = store().verify(key, kNow);
  ASSERT_TRUE(v.ok()) << v.err().detail;
  EXPECT_EQ(v->grant.tenant, "city");
  EXPECT_EQ(v->grant.level, auth::role::writer);
  EXPECT_EQ(v->grant.types, (std::vector<std::string>{"ParkingSpot", "Streetlight"}));
  EXPECT_EQ(v->grant.id_patterns, std::vector<std::string>{"^urn:ngsi-ld:ParkingSpot:"});
  EXPECT_EQ(v->description, "sensor gateway");
  EXPECT_FALSE(v->expires);
}

TEST_F(KeysCommand, CreateAcceptsExpiryAsDateTimeDateOrDuration) {
  ASSERT_EQ(run({"create", "--tenant", "", "--role", "reader", "--expires", "P30D"}), 0) << err_;
  EXPECT_EQ(store().verify(printed_key(), kNow)->expires, kNow + 30LL * 86'400'000);
  ASSERT_EQ(run({"create", "--tenant", "", "--role", "reader", "--expires", "2027-01-01T00:00:00Z"}), 0);
  EXPECT_EQ(store().verify(printed_key(), kNow)->expires, parse_iso8601("2027-01-01T00:00:00Z"));
  ASSERT_EQ(run({"create", "--tenant", "", "--role", "reader", "--expires", "2027-01-01"}), 0);
  EXPECT_EQ(store().verify(printed_key(), kNow)->expires, parse_date("2027-01-01"));
}

TEST_F(KeysCommand, CreateRefusesBadArguments) {
  EXPECT_EQ(run({"create", "--tenant", "t", "--role", "reader", "--expires", "soon"}), 2);
  EXPECT_NE(err_.find("--expires"), std::string::npos);
  EXPECT_EQ(run({"create", "--tenant", "t", "--role", "reader", "--expires", "2020-01-01"}), 1);
  EXPECT_NE(err_.find("future"), std::string::npos);
  EXPECT_EQ(run({"create", "--tenant", "t", "--role", "reader", "--id-pattern", "(["}), 1);
  EXPECT_NE(err_.find("invalid id pattern"), std::string::npos);
  EXPECT_THROW(run({"create", "--tenant", "t", "--role", "root"}), CLI::ValidationError);
  EXPECT_THROW(run({"create", "--role", "reader"}), CLI::RequiredError);
  EXPECT_TRUE(store().list().empty());
}

TEST_F(KeysCommand, ListShowsKeysWithoutSecrets) {
  EXPECT_EQ(run({"list"}), 0);
  EXPECT_NE(out_.find("No API keys"), std::string::npos);
  ASSERT_EQ(run({"create", "--tenant", "city", "--role", "admin", "--description", "ops team"}), 0);
  auto const key = printed_key();
  ASSERT_EQ(run({"list"}), 0) << err_;
  auto const id = key.substr(7, 12);
  EXPECT_NE(out_.find(id), std::string::npos) << out_;
  EXPECT_NE(out_.find("active"), std::string::npos);
  EXPECT_NE(out_.find("admin"), std::string::npos);
  EXPECT_NE(out_.find("ops team"), std::string::npos);
  EXPECT_EQ(out_.find(key.substr(20)), std::string::npos);
}

TEST_F(KeysCommand, RevokeTakesEffect) {
  ASSERT_EQ(run({"create", "--tenant", "city", "--role", "reader"}), 0);
  auto const key = printed_key();
  auto const id = key.substr(7, 12);
  ASSERT_EQ(run({"revoke", id}), 0) << err_;
  EXPECT_FALSE(store().verify(key, kNow).ok());
  ASSERT_EQ(run({"list"}), 0);
  EXPECT_NE(out_.find("revoked"), std::string::npos);
  EXPECT_EQ(run({"revoke", "nosuchkey000"}), 1);
  EXPECT_NE(err_.find("no API key"), std::string::npos);
}

TEST_F(KeysCommand, ExpiredKeysAreListedAsExpired) {
  ASSERT_EQ(run({"create", "--tenant", "city", "--role", "reader", "--expires", "PT1H"}), 0);
  ASSERT_EQ(run({"list"}, kNow + 2 * 3'600'000), 0);
  EXPECT_NE(out_.find("expired"), std::string::npos);
}

TEST_F(KeysCommand, ReportsAnUnreadableKeyFile) {
  std::filesystem::create_directories(dir_ / "auth");
  std::ofstream(dir_ / "auth" / "keys.json") << "not json";
  EXPECT_EQ(run({"list"}), 2);
  EXPECT_NE(err_.find("cannot open the key file"), std::string::npos);
}

}  // namespace
}  // namespace cityos::app
