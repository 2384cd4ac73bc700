// SPDX-License-Identifier: Apache-2.0
#include "ngsild/jsonld/context_resolver.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <thread>

namespace cityos::ngsild {
namespace {

constexpr std::string_view kSuiteUrl =
    "https://raw.githubusercontent.com/marek-mraz/ngsi-ld-test-suite/main/resources/"
    "jsonld-contexts/ngsi-ld-test-suite.jsonld";
constexpr std::string_view kCompoundUrl =
    "https://raw.githubusercontent.com/marek-mraz/ngsi-ld-test-suite/main/resources/"
    "jsonld-contexts/ngsi-ld-test-suite-compound.jsonld";
constexpr std::string_view kSuite = "https://ngsi-ld-test-suite/context#";

std::string read_file(std::string const& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Serves the ETSI test-suite contexts from disk plus in-memory documents,
// and counts loads.
class fake_loader : public context_loader {
 public:
  result<json::value> load(std::string_view url) override {
    ++loads;
    std::string dir = std::string(CITYOS_SHARED_DIR) + "/ngsild-testsuite-data/resources/jsonld-contexts/";
    if (url == kSuiteUrl) return parse_json(read_file(dir + "ngsi-ld-test-suite.jsonld"));
    if (url == kCompoundUrl) return parse_json(read_file(dir + "ngsi-ld-test-suite-compound.jsonld"));
    if (auto it = docs.find(std::string(url)); it != docs.end()) return parse_json(it->second);
    return make_error(error_code::ld_context_not_available, "HTTP 404");
  }
  std::map<std::string, std::string> docs;
  int loads = 0;
};

json::value js(std::string_view text) {
  auto v = parse_json(text);
  EXPECT_TRUE(v.ok());
  return v.ok() ? *v : json::value();
}

struct ContextResolver : ::testing::Test {
  fake_loader loader;
  epoch_ms now = 1000;
  context_resolver resolver{&loader, [this] { return now; }};
};

TEST(CoreContextUrl, KnownVersions) {
  EXPECT_TRUE(is_core_context_url("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld"));
  EXPECT_TRUE(is_core_context_url(kCoreContextUrl));
  EXPECT_TRUE(is_core_context_url("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.3.jsonld"));
  EXPECT_TRUE(is_core_context_url("http://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld"));
  EXPECT_FALSE(is_core_context_url("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-vX.jsonld"));
  EXPECT_FALSE(is_core_context_url("https://example.org/ngsi-ld-core-context.jsonld"));
}

TEST_F(ContextResolver, CoreUrlAndNullResolveToCore) {
  auto a = resolver.resolve(json::value(kCoreContextUrl));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->get(), context::core().get());
  auto b = resolver.resolve(json::value(nullptr));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->get(), context::core().get());
  EXPECT_EQ(loader.loads, 0);
}

TEST_F(ContextResolver, TestSuiteContext) {
  auto c = resolver.resolve_url(kSuiteUrl);
  ASSERT_TRUE(c.ok()) << c.err().detail;
  EXPECT_EQ((*c)->expand_term("Vehicle"), std::string(kSuite) + "Vehicle");
  EXPECT_EQ((*c)->expand_term("speed"), std::string(kSuite) + "speed");
  EXPECT_EQ((*c)->compact_iri(std::string(kSuite) + "brandName"), "brandName");
  EXPECT_EQ((*c)->expand_term("location"), "https://uri.etsi.org/ngsi-ld/location");
  EXPECT_EQ((*c)->urls(), std::vector<std::string>{std::string(kSuiteUrl)});
}

TEST_F(ContextResolver, CompoundContextNestsUrls) {
  auto c = resolver.resolve(json::value(kCompoundUrl));
  ASSERT_TRUE(c.ok()) << c.err().detail;
  EXPECT_EQ((*c)->expand_term("OffStreetParking"), std::string(kSuite) + "OffStreetParking");
  EXPECT_EQ((*c)->urls(), std::vector<std::string>{std::string(kCompoundUrl)});
  EXPECT_EQ(loader.loads, 2);
  // Both documents are now cached.
  auto compound = resolver.get(kCompoundUrl);
  ASSERT_TRUE(compound.ok());
  EXPECT_EQ(compound->kind, context_kind::cached);
  EXPECT_EQ(compound->created_at, 1000);
  EXPECT_EQ(resolver.list().size(), 2u);
}

TEST_F(ContextResolver, UnknownUrlIsNotAvailable) {
  auto c = resolver.resolve(json::value("https://nowhere.example/ctx.jsonld"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.err().code, error_code::ld_context_not_available);
  EXPECT_NE(c.err().detail.find("https://nowhere.example/ctx.jsonld"), std::string::npos);
  context_resolver no_loader;
  auto d = no_loader.resolve_url("https://nowhere.example/ctx.jsonld");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.err().code, error_code::ld_context_not_available);
}

TEST_F(ContextResolver, InvalidValuesAreBadRequest) {
  loader.docs["https://ex.org/not-a-context"] = R"({"foo": 1})";
  loader.docs["https://ex.org/self"] = R"({"@context": ["https://ex.org/self"]})";
  for (auto const& v : {json::value(5), js(R"(["https://ex.org/not-a-context"])"),
                        json::value("https://ex.org/self"), js(R"([{"a": 1}])")}) {
    auto c = resolver.resolve(v);
    ASSERT_FALSE(c.ok()) << dump(v);
    EXPECT_EQ(c.err().code, error_code::bad_request) << dump(v);
  }
}

TEST_F(ContextResolver, ArrayLaterEntriesOverride) {
  loader.docs["https://ex.org/a"] = R"({"@context": {"speed": "https://a.org/speed",
                                                     "size": "https://a.org/size"}})";
  auto c = resolver.resolve(js(R"(["https://ex.org/a", {"speed": "https://b.org/speed"},
                                   "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld"])"));
  ASSERT_TRUE(c.ok()) << c.err().detail;
  EXPECT_EQ((*c)->expand_term("speed"), "https://b.org/speed");
  EXPECT_EQ((*c)->expand_term("size"), "https://a.org/size");
  EXPECT_EQ((*c)->urls(), std::vector<std::string>{"https://ex.org/a"});
}

TEST_F(ContextResolver, InlineCannotOverrideCoreTerms) {
  auto c = resolver.resolve(js(R"({"value": "https://evil.org/v", "temp": "https://ex.org/t"})"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->expand_term("value"), "https://uri.etsi.org/ngsi-ld/hasValue");
  EXPECT_EQ((*c)->expand_term("temp"), "https://ex.org/t");
}

TEST_F(ContextResolver, ResolvedContextsAreCached) {
  auto a = resolver.resolve_url(kSuiteUrl);
  ASSERT_TRUE(a.ok());
  now = 2000;
  auto b = resolver.resolve_url(kSuiteUrl);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->get(), b->get());
  EXPECT_EQ(loader.loads, 1);
  auto entry = resolver.get(kSuiteUrl);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->number_of_hits, 2u);
  EXPECT_EQ(entry->last_usage, 2000);
  // Inline values are cached by their serialization too.
  auto x = resolver.resolve(js(R"({"a": "https://ex.org/a"})"));
  auto y = resolver.resolve(js(R"({ "a" : "https://ex.org/a" })"));
  ASSERT_TRUE(x.ok() && y.ok());
  EXPECT_EQ(x->get(), y->get());
}

TEST_F(ContextResolver, BoundedCacheStillResolves) {
  context_resolver small(&loader, {}, 2);
  std::vector<std::shared_ptr<context const>> keep;
  for (int i = 0; i < 5; ++i) {
    auto c = small.resolve(js(R"({"t": "https://ex.org/)" + std::to_string(i) + R"("})"));
    ASSERT_TRUE(c.ok());
    EXPECT_EQ((*c)->expand_term("t"), "https://ex.org/" + std::to_string(i));
  }
}

TEST_F(ContextResolver, StoredContexts) {
  ASSERT_TRUE(resolver.add("http://broker/jsonldContexts/1",
                           js(R"({"@context": {"color": "https://ex.org/color"}})"),
                           context_kind::hosted).ok());
  auto dup = resolver.add("http://broker/jsonldContexts/1", js(R"({"@context": {}})"),
                          context_kind::hosted);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.err().code, error_code::already_exists);
  auto bad = resolver.add("http://broker/x", js(R"({"color": 1})"), context_kind::hosted);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.err().code, error_code::bad_request);

  auto c = resolver.resolve_url("http://broker/jsonldContexts/1");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->expand_term("color"), "https://ex.org/color");
  EXPECT_EQ(loader.loads, 0);
  auto list = resolver.list();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].url, "http://broker/jsonldContexts/1");
  EXPECT_EQ(context_kind_name(list[0].kind), "Hosted");
  EXPECT_EQ(list[0].number_of_hits, 1u);

  ASSERT_TRUE(resolver.remove("http://broker/jsonldContexts/1").ok());
  EXPECT_EQ(resolver.remove("http://broker/jsonldContexts/1").err().code, error_code::not_found);
  EXPECT_EQ(resolver.get("http://broker/jsonldContexts/1").err().code, error_code::not_found);
  // The cached resolution is gone with the document.
  auto gone = resolver.resolve_url("http://broker/jsonldContexts/1");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.err().code, error_code::ld_context_not_available);
}

TEST_F(ContextResolver, ConcurrentResolveAndStore) {
  loader.docs["https://ex.org/a"] = R"({"@context": {"speed": "https://a.org/speed"}})";
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        auto c = resolver.resolve(js(R"(["https://ex.org/a", {"n": "https://ex.org/)" +
                                     std::to_string(i % 7) + R"("}])"));
        if (!c.ok() || (*c)->expand_term("speed") != "https://a.org/speed") ++failures;
        if (t == 0 && i % 10 == 0) {
          (void)resolver.add("http://broker/c" + std::to_string(i),
                             js(R"({"@context": {}})"), context_kind::hosted);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(resolver.list().size(), 11u);
}

}  // namespace
}  // namespace cityos::ngsild
