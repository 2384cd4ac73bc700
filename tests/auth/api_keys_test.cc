// SPDX-License-Identifier: Apache-2.0
#include "auth/api_keys.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

namespace cityos::auth {
namespace {

constexpr epoch_ms kNow = 1'780'000'000'000;

grant writer_grant() { return grant{"city", role::writer, {"ParkingSpot"}, {"^urn:ngsi-ld:ParkingSpot:a"}}; }

key_store memory_store() {
  auto s = key_store::open({});
  EXPECT_TRUE(s.ok());
  return std::move(*s);
}

std::filesystem::path temp_dir(std::string_view name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("cityos-auth-" + std::string(name) + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

std::string read_all(std::filesystem::path const& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void expect_unauthenticated(result<key_record> const& r, std::string_view why) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, error_code::unauthenticated);
  EXPECT_NE(r.err().detail.find(why), std::string::npos) << r.err().detail;
}

TEST(KeyStore, CreatesAKeyThatVerifies) {
  auto store = memory_store();
  auto k = store.create(writer_grant(), "parking sensors", std::nullopt, kNow);
  ASSERT_TRUE(k.ok()) << k.err().detail;
  EXPECT_EQ(k->key.size(), 63u);
  EXPECT_TRUE(k->key.starts_with("cityos_" + k->record.id + "_"));
  EXPECT_EQ(k->record.id.size(), 12u);
  EXPECT_EQ(k->record.hash.size(), 64u);
  EXPECT_EQ(k->key.find(k->record.hash), std::string::npos);
  auto v = store.verify(k->key, kNow + 1);
  ASSERT_TRUE(v.ok()) << v.err().detail;
  EXPECT_EQ(v->id, k->record.id);
  EXPECT_EQ(v->grant.tenant, "city");
  EXPECT_EQ(v->grant.level, role::writer);
  EXPECT_EQ(v->grant.types, std::vector<std::string>{"ParkingSpot"});
  EXPECT_EQ(v->description, "parking sensors");
  EXPECT_EQ(v->created, kNow);
}

TEST(KeyStore, KeysAreUnique) {
  auto store = memory_store();
  auto a = store.create(writer_grant(), "", std::nullopt, kNow);
  auto b = store.create(writer_grant(), "", std::nullopt, kNow);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->record.id, b->record.id);
  EXPECT_NE(a->key, b->key);
  EXPECT_EQ(store.list().size(), 2u);
}

TEST(KeyStore, RefusesMalformedUnknownAndWrongKeys) {
  auto store = memory_store();
  auto k = store.create(writer_grant(), "", std::nullopt, kNow);
  ASSERT_TRUE(k.ok());
  std::string const& key = k->key;
  expect_unauthenticated(store.verify("", kNow), "malformed");
  expect_unauthenticated(store.verify("Bearer " + key, kNow), "malformed");
  expect_unauthenticated(store.verify(key.substr(0, 62), kNow), "malformed");
  expect_unauthenticated(store.verify("xxxxxx" + key.substr(6), kNow), "malformed");
  std::string bad_secret = key;
  bad_secret.back() = '*';
  expect_unauthenticated(store.verify(bad_secret, kNow), "malformed");
  std::string upper_id = key;
  upper_id[7] = 'A';
  expect_unauthenticated(store.verify(upper_id, kNow), "malformed");

  std::string other_id = key;
  other_id[7] = other_id[7] == 'a' ? 'b' : 'a';
  expect_unauthenticated(store.verify(other_id, kNow), "unknown API key");

  std::string wrong = key;
  wrong[30] = wrong[30] == 'A' ? 'B' : 'A';
  auto r = store.verify(wrong, kNow);
  expect_unauthenticated(r, "wrong secret");
  EXPECT_EQ(r.err().detail.find(wrong.substr(20)), std::string::npos);  // never echoes the secret
}

TEST(KeyStore, RevokedKeysFail) {
  auto store = memory_store();
  auto k = store.create(writer_grant(), "", std::nullopt, kNow);
  ASSERT_TRUE(k.ok());
  ASSERT_TRUE(store.revoke(k->record.id).ok());
  expect_unauthenticated(store.verify(k->key, kNow), "revoked");
  EXPECT_TRUE(store.find(k->record.id)->revoked);
  EXPECT_TRUE(store.revoke(k->record.id).ok());  // twice is fine
  auto missing = store.revoke("nosuchkey000");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.err().code, error_code::not_found);
}

TEST(KeyStore, ExpiredKeysFail) {
  auto store = memory_store();
  auto k = store.create(writer_grant(), "", kNow + 1000, kNow);
  ASSERT_TRUE(k.ok());
  EXPECT_TRUE(store.verify(k->key, kNow + 999).ok());
  expect_unauthenticated(store.verify(k->key, kNow + 1000), "expired");
  auto past = store.create(writer_grant(), "", kNow, kNow);
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.err().code, error_code::bad_request);
}

TEST(KeyStore, RefusesInvalidGrants) {
  auto store = memory_store();
  auto bad_pattern = store.create(grant{"", role::reader, {}, {"(unclosed"}}, "", std::nullopt, kNow);
  ASSERT_FALSE(bad_pattern.ok());
  EXPECT_EQ(bad_pattern.err().code, error_code::bad_request);
  EXPECT_NE(bad_pattern.err().detail.find("(unclosed"), std::string::npos);
  auto empty_type = store.create(grant{"", role::reader, {""}, {}}, "", std::nullopt, kNow);
  ASSERT_FALSE(empty_type.ok());
  EXPECT_TRUE(store.list().empty());
}

TEST(KeyStore, PersistsOnlyHashesInAPrivateFile) {
  auto const dir = temp_dir("persist");
  auto const file = key_file(dir);
  EXPECT_EQ(file, dir / "auth" / "keys.json");
  std::string key, id;
  {
    auto store = key_store::open(file);
    ASSERT_TRUE(store.ok()) << store.err().detail;
    EXPECT_FALSE(std::filesystem::exists(file));  // nothing written before a change
    auto k = store->create(writer_grant(), "desc", kNow + 5000, kNow);
    ASSERT_TRUE(k.ok()) << k.err().detail;
    key = k->key;
    id = k->record.id;
  }
  struct stat st{};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto const text = read_all(file);
  EXPECT_EQ(text.find(key.substr(20)), std::string::npos);
  EXPECT_NE(text.find(id), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(file.string() + ".tmp"));

  auto reopened = key_store::open(file);
  ASSERT_TRUE(reopened.ok()) << reopened.err().detail;
  auto v = reopened->verify(key, kNow);
  ASSERT_TRUE(v.ok()) << v.err().detail;
  EXPECT_EQ(v->grant.id_patterns, std::vector<std::string>{"^urn:ngsi-ld:ParkingSpot:a"});
  EXPECT_EQ(v->expires, kNow + 5000);
  ASSERT_TRUE(reopened->revoke(id).ok());
  auto again = key_store::open(file);
  ASSERT_TRUE(again.ok());
  expect_unauthenticated(again->verify(key, kNow), "revoked");
  std::filesystem::remove_all(dir);
}

TEST(KeyStore, ReloadSeesChangesOfAnotherProcess) {
  auto const dir = temp_dir("reload");
  auto server = key_store::open(key_file(dir));
  auto admin = key_store::open(key_file(dir));
  ASSERT_TRUE(server.ok() && admin.ok());
  auto k = admin->create(writer_grant(), "", std::nullopt, kNow);
  ASSERT_TRUE(k.ok());
  EXPECT_FALSE(server->verify(k->key, kNow).ok());
  ASSERT_TRUE(server->reload().ok());
  EXPECT_TRUE(server->verify(k->key, kNow).ok());
  std::filesystem::remove_all(dir);
}

TEST(KeyStore, RefusesACorruptFile) {
  auto const dir = temp_dir("corrupt");
  std::filesystem::create_directories(dir);
  auto const file = dir / "keys.json";
  std::ofstream(file) << R"({"version":1,"pepper":"short","keys":[]})";
  auto s = key_store::open(file);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.err().code, error_code::bad_request);
  EXPECT_NE(s.err().detail.find("pepper"), std::string::npos);
  std::ofstream(file) << "{";
  EXPECT_FALSE(key_store::open(file).ok());
  std::filesystem::remove_all(dir);
}

TEST(KeyStore, VerifiesConcurrentlyWithChanges) {
  auto store = memory_store();
  auto k = store.create(writer_grant(), "", std::nullopt, kNow);
  ASSERT_TRUE(k.ok());
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        if (!store.verify(k->key, kNow).ok()) ++failures;
      }
    });
  }
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(store.create(writer_grant(), "", std::nullopt, kNow).ok());
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace cityos::auth
