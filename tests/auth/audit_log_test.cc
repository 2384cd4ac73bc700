// SPDX-License-Identifier: Apache-2.0
#include "auth/audit_log.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace cityos::auth {
namespace {

namespace fs = std::filesystem;

audit_record rec(std::string who, std::string action, std::string target, epoch_ms at) {
  audit_record r;
  r.at = at;
  r.who = std::move(who);
  r.via = "apiKey";
  r.remote = "127.0.0.1:5000";
  r.action = std::move(action);
  r.target = std::move(target);
  return r;
}

TEST(audit_log, filters_and_limits) {
  auto log = audit_log::open({});
  ASSERT_TRUE(log);
  for (int i = 0; i < 10; ++i) (*log)->record(rec(i % 2 ? "a" : "b", "read", "urn:x:" + std::to_string(i), 1000 + i));
  EXPECT_EQ((*log)->query({}).size(), 10u);
  EXPECT_EQ((*log)->query({std::nullopt, std::nullopt, "a", "", "", 1000}).size(), 5u);
  auto newest = (*log)->query({std::nullopt, std::nullopt, "", "", "", 2});
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[1].at("target").as_string(), "urn:x:9");  // oldest first, newest kept
  EXPECT_EQ((*log)->query({epoch_ms{1005}, epoch_ms{1007}, "", "", "", 1000}).size(), 2u);
  EXPECT_EQ(*(*log)->verify(), 10u);
}

TEST(audit_log, survives_reopen_and_detects_tampering) {
  fs::path const dir = fs::temp_directory_path() / ("cityos-audit-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::path const file = dir / "audit.log";
  {
    auto log = audit_log::open(file);
    ASSERT_TRUE(log);
    (*log)->record(rec("a", "create", "urn:x:1", 1));
    (*log)->record(rec("b", "delete", "urn:x:1", 2));
  }
  {
    auto log = audit_log::open(file);  // the chain continues across restarts
    ASSERT_TRUE(log);
    EXPECT_EQ((*log)->size(), 2u);
    (*log)->record(rec("c", "read", "urn:x:2", 3));
    EXPECT_EQ(*(*log)->verify(), 3u);
  }
  std::stringstream ss;
  ss << std::ifstream(file).rdbuf();
  std::string text = ss.str();
  text.erase(0, text.find('\n') + 1);  // drop the first record
  std::ofstream(file, std::ios::trunc) << text;
  auto log = audit_log::open(file);
  ASSERT_TRUE(log);
  auto v = (*log)->verify();
  ASSERT_FALSE(v);
  EXPECT_NE(v.err().detail.find("record 1"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cityos::auth
