// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/render_cache.h"

#include <functional>

namespace cityos::api {

bool render_cache::cacheable(ngsild::render_options const& opt) {
  return !opt.lang && !opt.attrs && !opt.pick && opt.omit.empty();
}

std::size_t render_cache::key_hash::operator()(key const& k) const {
  auto const h = std::hash<void const*>{}(k.entity) * 0x9E3779B97F4A7C15ull;
  return h ^ (std::hash<void const*>{}(k.ctx) >> 4) ^ k.variant;
}

std::shared_ptr<std::string const> render_cache::render(
    store::entity_ptr const& entity, std::shared_ptr<ngsild::context const> const& ctx,
    ngsild::render_options const& opt) {
  auto draw = [&] {
    std::string text;
    ngsild::append_rendered_entity(*entity, *ctx, opt, text);
    return std::make_shared<std::string const>(std::move(text));
  };
  if (!cacheable(opt)) return draw();
  key const k{entity.get(), ctx.get(),
              static_cast<std::uint8_t>(static_cast<unsigned>(opt.format) * 2 + (opt.sys_attrs ? 1 : 0))};
  // Live weak pointers mean the very objects of the key: no other object can
  // have their addresses meanwhile.
  auto alive = [](entry const& e) { return !e.entity.expired() && !e.ctx.expired(); };
  if (auto hit = texts_.find(k, alive)) return std::move(hit->text);
  auto text = draw();
  texts_.put(k, {entity, ctx, text});
  return text;
}

}  // namespace cityos::api
