// SPDX-License-Identifier: Apache-2.0
// Shared fixtures of the entity tests: the ETSI test-suite context and JSON helpers.
#pragma once

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "common/json.h"
#include "ngsild/jsonld/context.h"

namespace cityos::ngsild::test {

inline constexpr std::string_view kSuite = "https://ngsi-ld-test-suite/context#";
inline constexpr std::string_view kNow = "2024-01-01T00:00:00.000Z";
inline constexpr std::string_view kLater = "2024-02-02T00:00:00.000Z";

inline std::string read_text(std::string const& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline json::object obj(std::string_view text) {
  auto v = parse_json(text);
  EXPECT_TRUE(v.ok()) << text;
  if (!v.ok() || !v->is_object()) return {};
  return v->as_object();
}

// The test-suite context (ngsi-ld-test-suite.jsonld terms over the core context).
inline std::shared_ptr<context const> suite_context() {
  auto text = read_text(std::string(CITYOS_SHARED_DIR) +
                        "/ngsild-testsuite-data/resources/jsonld-contexts/ngsi-ld-test-suite.jsonld");
  auto doc = obj(text);
  auto ctx = context::make(doc["@context"].as_object(),
                           {"https://example.org/ngsi-ld-test-suite-compound.jsonld"});
  EXPECT_TRUE(ctx.ok());
  return ctx.ok() ? *ctx : context::core();
}

inline std::string suite(std::string_view term) { return std::string(kSuite) + std::string(term); }
inline std::string dflt(std::string_view term) {
  return std::string(kDefaultVocab) + std::string(term);
}

}  // namespace cityos::ngsild::test
