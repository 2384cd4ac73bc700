// SPDX-License-Identifier: Apache-2.0
#include "ngsild/jsonld/context.h"

#include <gtest/gtest.h>

namespace cityos::ngsild {
namespace {

std::shared_ptr<context const> make_ctx(std::string_view text, std::vector<std::string> urls = {}) {
  auto v = parse_json(text);
  EXPECT_TRUE(v.ok());
  auto c = context::make(v->as_object(), std::move(urls));
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.err().detail);
  return c.ok() ? *c : context::core();
}

TEST(Context, CoreIsShared) {
  EXPECT_EQ(context::core().get(), context::core().get());
  EXPECT_TRUE(context::core()->urls().empty());
  EXPECT_TRUE(context::core()->is_core_only());
}

TEST(Context, CoreTermsExpand) {
  auto c = context::core();
  EXPECT_EQ(c->expand_term("id"), "@id");
  EXPECT_EQ(c->expand_term("type"), "@type");
  EXPECT_EQ(c->expand_term("Property"), "https://uri.etsi.org/ngsi-ld/Property");
  EXPECT_EQ(c->expand_term("value"), "https://uri.etsi.org/ngsi-ld/hasValue");
  EXPECT_EQ(c->expand_term("object"), "https://uri.etsi.org/ngsi-ld/hasObject");
  EXPECT_EQ(c->expand_term("location"), "https://uri.etsi.org/ngsi-ld/location");
  EXPECT_EQ(c->expand_term("observationSpace"), "https://uri.etsi.org/ngsi-ld/observationSpace");
  EXPECT_EQ(c->expand_term("languageMap"), "https://uri.etsi.org/ngsi-ld/hasLanguageMap");
  EXPECT_EQ(c->expand_term("vocab"), "https://uri.etsi.org/ngsi-ld/hasVocab");
  EXPECT_EQ(c->expand_term("json"), "https://uri.etsi.org/ngsi-ld/hasJSON");
  EXPECT_EQ(c->expand_term("valueList"), "https://uri.etsi.org/ngsi-ld/hasValueList");
  EXPECT_EQ(c->expand_term("objectList"), "https://uri.etsi.org/ngsi-ld/hasObjectList");
  EXPECT_EQ(c->expand_term("Point"), "https://purl.org/geojson/vocab#Point");
  EXPECT_EQ(c->expand_term("coordinates"), "https://purl.org/geojson/vocab#coordinates");
  EXPECT_EQ(c->expand_term("description"), "http://purl.org/dc/terms/description");
  EXPECT_EQ(c->expand_term("@context"), "@context");
}

TEST(Context, UnknownTermUsesDefaultVocab) {
  auto c = context::core();
  EXPECT_EQ(c->expand_term("temperature"),
            "https://uri.etsi.org/ngsi-ld/default-context/temperature");
  EXPECT_EQ(c->compact_iri("https://uri.etsi.org/ngsi-ld/default-context/temperature"),
            "temperature");
}

TEST(Context, AbsoluteAndCompactIrisExpandAsIri) {
  auto c = context::core();
  EXPECT_EQ(c->expand_term("https://schema.org/name"), "https://schema.org/name");
  EXPECT_EQ(c->expand_term("urn:ngsi-ld:Thing:1"), "urn:ngsi-ld:Thing:1");
  EXPECT_EQ(c->expand_term("ngsi-ld:foo"), "https://uri.etsi.org/ngsi-ld/foo");
  EXPECT_EQ(c->expand_term("geojson:Point"), "https://purl.org/geojson/vocab#Point");
}

TEST(Context, CoreCompactionRoundTrips) {
  auto c = context::core();
  for (std::string_view term : {"id", "type", "Property", "Relationship", "GeoProperty",
                                "LanguageProperty", "VocabProperty", "JsonProperty",
                                "ListProperty", "ListRelationship", "observedAt", "createdAt",
                                "modifiedAt", "unitCode", "datasetId", "scope", "Subscription",
                                "Notification", "watchedAttributes", "MultiPolygon",
                                "operationSpace", "attributeCount"}) {
    EXPECT_EQ(c->compact_iri(c->expand_term(term)), term);
  }
  EXPECT_EQ(c->compact_iri("https://uri.etsi.org/ngsi-ld/unknownThing"), "ngsi-ld:unknownThing");
  EXPECT_EQ(c->compact_iri("http://example.org/x"), "http://example.org/x");
}

TEST(Context, ValueKinds) {
  auto c = context::core();
  EXPECT_TRUE(c->is_vocab_term("https://uri.etsi.org/ngsi-ld/hasVocab"));
  EXPECT_TRUE(c->is_vocab_term("https://uri.etsi.org/ngsi-ld/watchedAttributes"));
  EXPECT_FALSE(c->is_vocab_term("https://uri.etsi.org/ngsi-ld/hasValue"));
  EXPECT_EQ(c->value_kind("https://uri.etsi.org/ngsi-ld/hasObject"), term_value_kind::id);
  EXPECT_EQ(c->value_kind("https://uri.etsi.org/ngsi-ld/hasJSON"), term_value_kind::json);
  auto u = make_ctx(R"({"category": {"@id": "https://ex.org/category", "@type": "@vocab"},
                        "Kitchen": "https://ex.org/Kitchen"})");
  EXPECT_TRUE(u->is_vocab_term("https://ex.org/category"));
  EXPECT_FALSE(u->is_vocab_term("https://ex.org/Kitchen"));
}

TEST(Context, UserTermsRoundTrip) {
  auto c = make_ctx(R"({"Building": "https://ex.org/Building",
                        "name": {"@id": "https://ex.org/name"},
                        "@version": 1.1, "@protected": true})",
                    {"https://ex.org/ctx.jsonld"});
  EXPECT_EQ(c->expand_term("Building"), "https://ex.org/Building");
  EXPECT_EQ(c->expand_term("name"), "https://ex.org/name");
  EXPECT_EQ(c->compact_iri("https://ex.org/Building"), "Building");
  EXPECT_EQ(c->compact_iri("https://ex.org/name"), "name");
  EXPECT_EQ(c->expand_term("other"), "https://uri.etsi.org/ngsi-ld/default-context/other");
  EXPECT_EQ(c->urls(), std::vector<std::string>{"https://ex.org/ctx.jsonld"});
  EXPECT_FALSE(c->is_core_only());
}

TEST(Context, TwoTermsForOneIriCompactDeterministically) {
  auto c = make_ctx(R"({"longName": "https://ex.org/a", "ab": "https://ex.org/a"})");
  EXPECT_EQ(c->compact_iri("https://ex.org/a"), "ab");
}

TEST(Context, UserVocab) {
  auto c = make_ctx(R"({"@vocab": "https://ex.org/vocab/"})");
  EXPECT_EQ(c->vocab(), "https://ex.org/vocab/");
  EXPECT_EQ(c->expand_term("speed"), "https://ex.org/vocab/speed");
  EXPECT_EQ(c->compact_iri("https://ex.org/vocab/speed"), "speed");
  // Core terms stay; the default-context is not stripped under another @vocab.
  EXPECT_EQ(c->expand_term("location"), "https://uri.etsi.org/ngsi-ld/location");
  std::string dflt = "https://uri.etsi.org/ngsi-ld/default-context/speed";
  EXPECT_EQ(c->expand_term(c->compact_iri(dflt)), dflt);
}

TEST(Context, Prefixes) {
  auto c = make_ctx(R"({"schema": "https://schema.org/",
                        "streetAddress": "schema:streetAddress",
                        "ex": {"@id": "https://ex.org/ns#", "@prefix": true}})");
  EXPECT_EQ(c->expand_term("schema:name"), "https://schema.org/name");
  EXPECT_EQ(c->expand_term("streetAddress"), "https://schema.org/streetAddress");
  EXPECT_EQ(c->expand_term("ex:thing"), "https://ex.org/ns#thing");
  EXPECT_EQ(c->compact_iri("https://schema.org/name"), "schema:name");
  EXPECT_EQ(c->compact_iri("https://schema.org/streetAddress"), "streetAddress");
  EXPECT_EQ(c->compact_iri("https://ex.org/ns#thing"), "ex:thing");
  // An unknown prefix with a scheme-like shape is an absolute IRI.
  EXPECT_EQ(c->expand_term("foo:bar"), "foo:bar");
}

TEST(Context, TermsMayReferToOtherTermsAndVocab) {
  auto c = make_ctx(R"({"@vocab": "https://ex.org/v/", "alias": "target",
                        "target": "https://ex.org/t", "plain": "relative"})");
  EXPECT_EQ(c->expand_term("alias"), "https://ex.org/t");
  EXPECT_EQ(c->expand_term("plain"), "https://ex.org/v/relative");
}

TEST(Context, CoreTermsAreProtected) {
  auto c = make_ctx(R"({"type": "https://evil.org/type", "location": "https://evil.org/loc",
                        "Property": "https://evil.org/P", "ngsi-ld": "https://evil.org/",
                        "mine": "https://ex.org/mine"})");
  EXPECT_EQ(c->expand_term("type"), "@type");
  EXPECT_EQ(c->expand_term("location"), "https://uri.etsi.org/ngsi-ld/location");
  EXPECT_EQ(c->expand_term("Property"), "https://uri.etsi.org/ngsi-ld/Property");
  EXPECT_EQ(c->expand_term("ngsi-ld:x"), "https://uri.etsi.org/ngsi-ld/x");
  EXPECT_EQ(c->compact_iri("https://evil.org/loc"), "https://evil.org/loc");
  EXPECT_EQ(c->expand_term("mine"), "https://ex.org/mine");
}

TEST(Context, InvalidDefinitionsAreRejected) {
  for (std::string_view text : {R"({"a": 5})", R"({"a": ["x"]})", R"({"a": {"@id": 3}})",
                                R"({"a": {"@id": "https://x/a", "@type": 1}})",
                                R"({"@vocab": 5})",
                                R"({"a": "b:x", "b": "a:y"})"}) {
    auto v = parse_json(text);
    ASSERT_TRUE(v.ok());
    auto c = context::make(v->as_object(), {});
    ASSERT_FALSE(c.ok()) << text;
    EXPECT_EQ(c.err().code, error_code::bad_request) << text;
  }
}

TEST(Context, CompactIriTermsWithoutId) {
  auto c = make_ctx(R"({"schema": "https://schema.org/",
                        "schema:category": {"@type": "@vocab"}, "@language": "en"})");
  EXPECT_EQ(c->expand_term("schema:category"), "https://schema.org/category");
  EXPECT_TRUE(c->is_vocab_term("https://schema.org/category"));
}

TEST(Context, NullDefinitionsAreIgnored) {
  auto c = make_ctx(R"({"a": null, "b": {"@id": null}, "@vocab": null})");
  EXPECT_EQ(c->expand_term("a"), "https://uri.etsi.org/ngsi-ld/default-context/a");
  EXPECT_EQ(c->expand_term("b"), "https://uri.etsi.org/ngsi-ld/default-context/b");
}

}  // namespace
}  // namespace cityos::ngsild
