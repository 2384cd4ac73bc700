// SPDX-License-Identifier: Apache-2.0
// Runs every case file under tests/api/cases against a fresh broker (memory
// store, ephemeral port), plus the few HTTP behaviours a case file cannot
// express (body limits, missing Content-Length, a long paging walk).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "api/http/http_client.h"
#include "app/instance.h"
#include "case_runner.h"
#include "common/json.h"

namespace cityos::api {
namespace {

namespace fs = std::filesystem;

fs::path const kCaseRoot = fs::path(CITYOS_SOURCE_DIR) / "tests/api/cases";
fs::path const kSuiteDir = fs::path(CITYOS_SHARED_DIR) / "ngsild-testsuite-data";

std::string const kSuiteContextBase =
    "https://raw.githubusercontent.com/marek-mraz/ngsi-ld-test-suite/main/resources/"
    "jsonld-contexts/";

// The @context URLs the test-suite payloads reference, served from local files.
app::instance_options suite_options() {
  std::string const& base = kSuiteContextBase;
  fs::path const dir = kSuiteDir / "resources/jsonld-contexts";
  app::instance_options o;
  o.port = 0;
  o.threads = 2;
  for (char const* f : {"ngsi-ld-test-suite-compound.jsonld", "ngsi-ld-test-suite.jsonld"}) {
    o.contexts.emplace_back(base + f, dir / f);
  }
  return o;
}

std::vector<std::string> case_files() {
  std::vector<std::string> out;
  if (!fs::exists(kCaseRoot)) return out;
  for (auto const& e : fs::recursive_directory_iterator(kCaseRoot)) {
    if (e.is_regular_file() && e.path().extension() == ".json") {
      out.push_back(fs::relative(e.path(), kCaseRoot).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_text(fs::path const& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class api_case : public testing::TestWithParam<std::string> {};

TEST_P(api_case, runs) {
  fs::path const file = kCaseRoot / GetParam();
  auto parsed = parse_json(read_text(file));
  ASSERT_TRUE(parsed) << file << ": " << parsed.err().detail;
  ASSERT_TRUE(parsed->is_object()) << file << ": not a JSON object";
  app::instance broker;
  auto started = broker.start(suite_options());
  ASSERT_TRUE(started) << started.err().detail;
  std::string const ctx = kSuiteContextBase + "ngsi-ld-test-suite-compound.jsonld";
  case_runner runner({"127.0.0.1", broker.port(), file.parent_path(), kSuiteDir,
                      {{"suiteCtx", ctx},
                       {"suiteLink", "<" + ctx + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; "
                                     "type=\"application/ld+json\""}}});
  std::string const failure = runner.run(parsed->get_object());
  EXPECT_EQ(failure, "") << GetParam() << "\n" << failure;
}

std::string test_name(testing::TestParamInfo<std::string> const& info) {
  std::string n = info.param.substr(0, info.param.size() - 5);  // drop ".json"
  for (auto& c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(cases, api_case, testing::ValuesIn(case_files()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(api_case);

TEST(api_cases, compare_json_rules) {
  json::array const none;
  auto v = [](std::string_view s) { return *parse_json(s); };
  EXPECT_EQ(compare_json(v(R"({"a":1})"), v(R"({"a":1.0,"b":2})"), false, false, none), "");
  EXPECT_NE(compare_json(v(R"({"a":1})"), v(R"({"a":1,"b":2})"), true, false, none), "");
  EXPECT_NE(compare_json(v("[1,2]"), v("[2,1]"), false, false, none), "");
  EXPECT_EQ(compare_json(v("[1,2]"), v("[2,1]"), false, true, none), "");
  EXPECT_NE(compare_json(v("[1,2]"), v("[1,2,3]"), false, true, none), "");
  EXPECT_EQ(compare_json(v(R"({"x":{"t":1}})"), v(R"({"x":{"t":2}})"), false, false,
                         json::array{"t"}),
            "");
  EXPECT_NE(compare_json(v(R"({"x":"a"})"), v(R"({})"), false, false, none), "");
}

// Instances of the HTTP limits that a case file cannot express.
class api_raw : public testing::Test {
 protected:
  void start(std::size_t max_body) {
    auto o = suite_options();
    o.max_body_bytes = max_body;
    auto r = broker_.start(o);
    ASSERT_TRUE(r) << r.err().detail;
    ASSERT_TRUE(client_.connect("127.0.0.1", broker_.port()));
  }
  app::instance broker_;
  http_client client_;
};

TEST_F(api_raw, body_over_the_limit_is_413) {
  start(1024);
  std::string body = R"({"id":"urn:ngsi-ld:T:big","type":"T","p":{"type":"Property","value":")" +
                     std::string(2000, 'x') + "\"}}";
  auto r = client_.request("POST", "/ngsi-ld/v1/entities", {{"Content-Type", "application/json"}},
                           body);
  ASSERT_TRUE(r) << r.err().detail;
  EXPECT_EQ(r->status, 413) << r->body;
  ASSERT_TRUE(client_.connect("127.0.0.1", broker_.port()));
  auto g = client_.request("GET", "/ngsi-ld/v1/entities/urn:ngsi-ld:T:big");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->status, 404);
}

TEST_F(api_raw, post_without_content_length_is_411) {
  start(1024);
  ASSERT_TRUE(client_.send_raw("POST /ngsi-ld/v1/entities HTTP/1.1\r\nHost: x\r\n"
                               "Content-Type: application/json\r\n\r\n"));
  auto r = client_.read_response();
  ASSERT_TRUE(r) << r.err().detail;
  EXPECT_EQ(r->status, 411) << r->body;
}

TEST_F(api_raw, thousand_creates_then_paging_walk_sees_each_once_in_order) {
  start(std::size_t{1} << 20);
  std::vector<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    char id[64];
    std::snprintf(id, sizeof(id), "urn:ngsi-ld:Walk:%04d", i);
    ids.emplace_back(id);
  }
  // Create in a scrambled order so that ascending output is the broker's doing.
  for (std::size_t k = 0; k < ids.size(); ++k) {
    auto const& id = ids[(k * 367) % ids.size()];
    auto r = client_.request("POST", "/ngsi-ld/v1/entities",
                             {{"Content-Type", "application/json"}},
                             R"({"id":")" + id + R"(","type":"Walk"})");
    ASSERT_TRUE(r) << r.err().detail;
    ASSERT_EQ(r->status, 201) << id << " " << r->body;
  }
  std::vector<std::string> seen;
  for (std::size_t offset = 0;; offset += 7) {
    auto r = client_.request("GET", "/ngsi-ld/v1/entities?type=Walk&limit=7&offset=" +
                                        std::to_string(offset));
    ASSERT_TRUE(r) << r.err().detail;
    ASSERT_EQ(r->status, 200) << r->body;
    auto page = parse_json(r->body);
    ASSERT_TRUE(page && page->is_array()) << r->body;
    ASSERT_LE(page->get_array().size(), 7u);
    for (auto const& e : page->get_array()) seen.emplace_back(e.at("id").as_string());
    if (page->get_array().size() < 7) break;
    ASSERT_LT(offset, 2000u) << "paging does not end";
  }
  EXPECT_EQ(seen, ids);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());
}

// Peers cap batches at 1,000 entities; CityOS takes 10,000 in one request, and
// one bad entity among them is reported without blocking the rest.
TEST_F(api_raw, batch_of_ten_thousand_upserts_with_one_bad_entity) {
  start(std::size_t{64} << 20);
  std::string body = "[";
  for (int i = 0; i < 10'000; ++i) {
    if (i) body += ',';
    if (i == 4321) {
      body += R"({"id":"not a uri","type":"Bus"})";
      continue;
    }
    body += R"({"id":"urn:ngsi-ld:Bus:)" + std::to_string(i) +
            R"(","type":"Bus","speed":{"type":"Property","value":)" + std::to_string(i % 90) + "}}";
  }
  body += "]";
  auto r = client_.request("POST", "/ngsi-ld/v1/entityOperations/upsert",
                           {{"Content-Type", "application/json"}}, body);
  ASSERT_TRUE(r) << r.err().detail;
  ASSERT_EQ(r->status, 207) << r->body.substr(0, 500);
  auto result = parse_json(r->body);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->at("success").as_array().size(), 9'999u);
  ASSERT_EQ(result->at("errors").as_array().size(), 1u);
  EXPECT_EQ(result->at("errors").as_array()[0].at("entityId").as_string(), "not a uri");
  auto c = client_.request("GET", "/ngsi-ld/v1/entities?type=Bus&count=true&limit=0");
  ASSERT_TRUE(c);
  ASSERT_EQ(c->status, 200) << c->body;
  ASSERT_NE(c->header("ngsild-results-count"), nullptr);
  EXPECT_EQ(*c->header("ngsild-results-count"), "9999");
}

}  // namespace
}  // namespace cityos::api
