// SPDX-License-Identifier: Apache-2.0
#include "store/history/change_diff.h"

#include <algorithm>
#include <memory>

#include <gtest/gtest.h>

namespace cityos::store {
namespace {

// The entity parsed from `text`.
entity_ptr entity_of(char const* text) {
  auto v = parse_json(text);
  EXPECT_TRUE(v && v->is_object()) << text;
  return std::make_shared<json::object const>(v ? v->get_object() : json::object());
}

// Before and after a write: the first speed changes (the one with a datasetId
// does not), the owner relationship goes, a name that needs escapes comes, and
// the scopes (an array member that is no attribute) change.
constexpr char const* kBefore = R"({"id":"urn:car:1","@type":["https://example.org/Car"],
  "https://uri.etsi.org/ngsi-ld/scope":["/a","/b"],
  "https://example.org/speed":[{"type":"Property","value":1,"modifiedAt":"2024-01-01T10:00:00Z"},
    {"type":"Property","value":5,"datasetId":"urn:ds:a","modifiedAt":"2024-01-01T10:00:00Z"}],
  "https://example.org/owner":[{"type":"Relationship","object":"urn:p:1"}],
  "https://uri.etsi.org/ngsi-ld/modifiedAt":"2024-01-01T10:00:00Z"})";

constexpr char const* kAfter = R"({"id":"urn:car:1","@type":["https://example.org/Car"],
  "https://uri.etsi.org/ngsi-ld/scope":["/a","/b","/c"],
  "https://example.org/speed":[{"type":"Property","value":2.5,"modifiedAt":"2024-01-01T11:00:00Z"},
    {"type":"Property","value":5,"datasetId":"urn:ds:a","modifiedAt":"2024-01-01T10:00:00Z"}],
  "https://example.org/name":[{"type":"Property","value":"say \"hi\"\n","observedAt":"2024-01-01T09:00:00Z"}],
  "https://uri.etsi.org/ngsi-ld/modifiedAt":"2024-01-01T11:00:00Z"})";

// The history copies each changed instance's text from the text the store
// wrote (dump_to() with elements) instead of serializing it again.
TEST(change_diff, copies_instance_texts_from_the_written_entity) {
  auto const before = entity_of(kBefore);
  auto const after = entity_of(kAfter);
  auto written = std::make_shared<written_entity>();
  dump_to(*after, written->text, written->elements);
  auto const plain = diff_change({"", "urn:car:1", before, after, 1}, 0);
  auto const copied = diff_change({"", "urn:car:1", before, after, 1, written}, 0);
  // The new speed, the new name, the removed owner's deletion marker.
  ASSERT_EQ(plain.instances.size(), 3u);
  ASSERT_EQ(copied.instances.size(), plain.instances.size());
  for (std::size_t i = 0; i < plain.instances.size(); ++i) {
    auto const& [attr, row] = copied.instances[i];
    EXPECT_EQ(attr, plain.instances[i].first);
    EXPECT_EQ(row.body, plain.instances[i].second.body) << attr;
    EXPECT_EQ(row.observed_at, plain.instances[i].second.observed_at) << attr;
    EXPECT_EQ(row.number, plain.instances[i].second.number) << attr;
  }
  EXPECT_EQ(copied.instances[0].second.body,
            dump(after->at("https://example.org/speed").at(0)));
  EXPECT_EQ(copied.instances[1].second.body,
            dump(after->at("https://example.org/name").at(0)));

  // The bodies are the written text's bytes: blank out every element and the
  // changed instances come out blank; the deletion marker is built anew.
  auto blanked = std::make_shared<written_entity>(*written);
  for (auto const& e : blanked->elements) {
    std::fill(blanked->text.begin() + e.begin, blanked->text.begin() + e.end, 'x');
  }
  auto const from_blank = diff_change({"", "urn:car:1", before, after, 1, blanked}, 0);
  ASSERT_EQ(from_blank.instances.size(), 3u);
  EXPECT_EQ(from_blank.instances[0].second.body,
            std::string(copied.instances[0].second.body.size(), 'x'));
  EXPECT_EQ(from_blank.instances[1].second.body,
            std::string(copied.instances[1].second.body.size(), 'x'));
  EXPECT_EQ(from_blank.instances[2].second.body, copied.instances[2].second.body);
  EXPECT_TRUE(from_blank.instances[2].second.deleted_at);
}

}  // namespace
}  // namespace cityos::store
