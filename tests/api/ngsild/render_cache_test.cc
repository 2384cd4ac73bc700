// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/render_cache.h"

#include <gtest/gtest.h>

namespace cityos::api {
namespace {

constexpr char const* kSpeed = "https://uri.etsi.org/ngsi-ld/default-context/speed";

store::entity_ptr car(int speed) {
  json::object e{{"id", "urn:ngsi-ld:Car:1"},
                 {"type", json::array{"https://uri.etsi.org/ngsi-ld/default-context/Car"}},
                 {"createdAt", "2026-11-27T00:00:00Z"},
                 {"modifiedAt", "2026-11-27T00:00:00Z"}};
  e[kSpeed] = json::array{json::object{{"type", "Property"}, {"value", speed}}};
  return std::make_shared<json::object const>(std::move(e));
}

std::string fresh(store::entity_ptr const& e, std::shared_ptr<ngsild::context const> const& ctx,
                  ngsild::render_options const& opt) {
  std::string out;
  dump_to(ngsild::render_entity(*e, *ctx, opt), out);
  return out;
}

TEST(render_cache, a_second_render_of_the_same_snapshot_reuses_the_text) {
  render_cache cache(64);
  auto const ctx = ngsild::context::core();
  auto const e = car(50);
  ngsild::render_options const opt;
  auto const a = cache.render(e, ctx, opt);
  EXPECT_EQ(*a, fresh(e, ctx, opt));
  auto const b = cache.render(e, ctx, opt);
  EXPECT_EQ(a, b);  // the very same text, not rendered again
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.stats().hits, 1u);
  EXPECT_EQ(cache.stats().misses, 1u);
}

TEST(render_cache, formats_and_sys_attrs_are_cached_apart) {
  render_cache cache(64);
  auto const ctx = ngsild::context::core();
  auto const e = car(50);
  ngsild::render_options normalized, key_values, sys;
  key_values.format = ngsild::render_format::simplified;
  sys.sys_attrs = true;
  for (auto const* opt : {&normalized, &key_values, &sys, &normalized, &key_values, &sys}) {
    EXPECT_EQ(*cache.render(e, ctx, *opt), fresh(e, ctx, *opt));
  }
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_NE(*cache.render(e, ctx, key_values), *cache.render(e, ctx, normalized));
  EXPECT_NE(cache.render(e, ctx, sys)->find("createdAt"), std::string::npos);
  EXPECT_EQ(cache.render(e, ctx, normalized)->find("createdAt"), std::string::npos);
}

TEST(render_cache, a_new_snapshot_or_context_is_rendered_afresh) {
  render_cache cache(64);
  auto const core = ngsild::context::core();
  ngsild::render_options const opt;
  auto const before = cache.render(car(50), core, opt);  // its snapshot is gone after this line
  auto const after = cache.render(car(60), core, opt);
  EXPECT_NE(*after, *before);
  EXPECT_NE(after->find("60"), std::string::npos);
  // A user context that names the attribute "velocity".
  auto user = ngsild::context::make(json::object{{"velocity", kSpeed}}, {"https://example.org/ctx.jsonld"});
  ASSERT_TRUE(user.ok());
  auto const e = car(70);
  auto const with_core = cache.render(e, core, opt);
  auto const with_user = cache.render(e, *user, opt);
  EXPECT_NE(with_core->find("\"speed\""), std::string::npos);
  EXPECT_NE(with_user->find("\"velocity\""), std::string::npos);
  EXPECT_EQ(*with_user, fresh(e, *user, opt));
}

TEST(render_cache, per_request_projections_are_rendered_but_not_kept) {
  render_cache cache(64);
  auto const ctx = ngsild::context::core();
  auto const e = car(50);
  ngsild::render_options attrs;
  attrs.attrs = std::vector<std::string>{kSpeed};
  ngsild::render_options lang;
  lang.lang = "en";
  EXPECT_FALSE(render_cache::cacheable(attrs));
  EXPECT_FALSE(render_cache::cacheable(lang));
  EXPECT_EQ(*cache.render(e, ctx, attrs), fresh(e, ctx, attrs));
  EXPECT_EQ(*cache.render(e, ctx, lang), fresh(e, ctx, lang));
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace cityos::api
