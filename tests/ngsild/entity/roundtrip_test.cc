// SPDX-License-Identifier: Apache-2.0
// Round trip of the ETSI test-suite sample entities: input -> stored -> normalized
// equals the input (without @context); the invalid samples are rejected.
#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ngsild/entity/entity_input.h"
#include "ngsild/entity/entity_render.h"
#include "test_util.h"

namespace cityos::ngsild {
namespace {

namespace fs = std::filesystem;

fs::path entities_dir() {
  return fs::path(CITYOS_SHARED_DIR) / "ngsild-testsuite-data/data/entities";
}

// True if the sample's @context is the test-suite compound context only.
bool uses_suite_context(json::object const& doc) {
  auto const* c = doc.if_contains("@context");
  if (c == nullptr) return false;
  auto is_suite = [](json::value const& v) {
    return v.is_string() &&
           std::string_view(v.get_string()).ends_with("ngsi-ld-test-suite-compound.jsonld");
  };
  if (is_suite(*c)) return true;
  return c->is_array() && c->get_array().size() == 1 && is_suite(c->get_array()[0]);
}

// Samples that are invalid on purpose.
bool is_invalid_sample(std::string const& name) {
  return name.starts_with("meta-model-") || name == "invalid-type.jsonld" ||
         name == "temporal-observedat-not-datetime.jsonld";
}

// The input as the normalized rendering shows it: one-element type and scope
// arrays become strings, the default instance of an attribute comes first.
json::object normalized_input(json::object doc) {
  doc.erase("@context");
  for (auto key : {"type", "scope"}) {
    if (auto* s = doc.if_contains(key); s != nullptr && s->is_array() && s->get_array().size() == 1) {
      *s = s->get_array()[0];
    }
  }
  for (auto& [key, v] : doc) {
    auto* a = v.if_array();
    if (a == nullptr || key == "type" || key == "scope") continue;
    std::stable_partition(a->begin(), a->end(), [](json::value const& i) {
      return i.is_object() && !i.as_object().contains("datasetId");
    });
  }
  return doc;
}

// `v` as read back from its text.
json::value as_read(json::value const& v) { return *parse_json(dump(v)); }

TEST(entity_roundtrip, test_suite_samples) {
  auto ctx = test::suite_context();
  int checked = 0;
  for (auto const& file : fs::directory_iterator(entities_dir())) {
    auto name = file.path().filename().string();
    if (!file.is_regular_file() || file.path().extension() != ".jsonld" || is_invalid_sample(name)) {
      continue;
    }
    auto parsed = parse_json(test::read_text(file.path().string()));
    if (!parsed.ok() || !parsed->is_object() || !uses_suite_context(parsed->as_object())) continue;
    auto const& doc = parsed->as_object();
    if (!doc.contains("id")) continue;  // fragments
    auto stored = expand_entity(doc, *ctx);
    ASSERT_TRUE(stored.ok()) << name << ": " << stored.err().detail;
    auto rendered = render_entity(*stored, *ctx, {});
    // Compared as a client reads the text: 10.0 and 10 are one JSON number.
    EXPECT_EQ(as_read(rendered), as_read(normalized_input(doc)))
        << name << "\n got: " << dump(rendered);
    ++checked;
  }
  EXPECT_GT(checked, 30);
}

TEST(entity_roundtrip, invalid_samples_are_rejected) {
  auto ctx = test::suite_context();
  int checked = 0;
  for (auto const& file : fs::directory_iterator(entities_dir())) {
    auto name = file.path().filename().string();
    if (!is_invalid_sample(name)) continue;
    auto parsed = parse_json(test::read_text(file.path().string()));
    ASSERT_TRUE(parsed.ok() && parsed->is_object()) << name;
    auto r = expand_entity(parsed->as_object(), *ctx);
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.err().code, error_code::bad_request) << name;
    ++checked;
  }
  EXPECT_GE(checked, 5);
}


struct expectation_case {
  char const* input;     // under data/entities
  char const* expected;  // under data/entities/expectations
  std::vector<std::string> pick;
  std::vector<std::string> omit;
  std::optional<std::string> lang;
  render_format format = render_format::normalized;
};

json::object load(fs::path const& path) {
  auto v = parse_json(test::read_text(path.string()));
  EXPECT_TRUE(v.ok() && v->is_object()) << path;
  return v.ok() && v->is_object() ? v->as_object() : json::object{};
}

// Renderings compared with the test suite's expected responses (ids of the
// expectations are random in some files: ours is taken).
TEST(entity_roundtrip, test_suite_expectations) {
  auto ctx = test::suite_context();
  auto const name = test::suite("name");
  std::vector<expectation_case> const cases = {
      {"building-simple-attributes.jsonld", "pick-omit/building-simple-attributes-pick-id.json",
       {"id"}, {}, {}},
      {"building-simple-attributes.jsonld", "pick-omit/building-simple-attributes-pick-name.json",
       {name}, {}, {}},
      {"building-simple-attributes.jsonld",
       "pick-omit/building-simple-attributes-pick-id-name.json", {"id", name}, {}, {}},
      {"building-simple-attributes.jsonld", "pick-omit/building-simple-attributes-omit-id.json",
       {}, {"id"}, {}},
      {"building-simple-attributes.jsonld",
       "pick-omit/building-simple-attributes-omit-type-name.json", {}, {"type", name}, {}},
      {"building-language-property.jsonld", "building-language-property-fr-filter.jsonld", {}, {},
       "fr-CH,fr;q=0.9,en;q=0.8,*;q=0.5"},
      {"building-language-property.jsonld", "building-language-property-any-language-filter.jsonld",
       {}, {}, "*"},
      {"building-language-property.jsonld",
       "building-language-property-fr-filter-simplified.jsonld", {}, {}, "fr",
       render_format::simplified},
  };
  for (auto const& c : cases) {
    auto stored = expand_entity(load(entities_dir() / c.input), *ctx);
    ASSERT_TRUE(stored.ok()) << c.input;
    render_options o;
    if (!c.pick.empty()) o.pick = c.pick;
    o.omit = c.omit;
    o.lang = c.lang;
    o.format = c.format;
    auto rendered = render_entity(*stored, *ctx, o);
    auto expected = load(entities_dir() / "expectations" / c.expected);
    expected.erase("@context");
    if (expected.contains("id")) expected["id"] = stored->at("id");
    EXPECT_EQ(json::value(rendered), json::value(expected)) << c.expected << "\n got: " << dump(rendered);
  }
}

}  // namespace
}  // namespace cityos::ngsild
