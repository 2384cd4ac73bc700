// SPDX-License-Identifier: Apache-2.0
#include "store/publish/entity_publisher.h"

#include "ngsild/entity/entity_input.h"
#include "ngsild/entity/entity_ops.h"

namespace cityos::store {

result<commit_seq> publish_entities(store& st, std::string_view tenant, std::vector<json::object> const& entities,
                                    std::string_view now, ngsild::context const* ctx) {
  if (entities.empty()) return commit_seq{0};
  auto const& c = ctx ? *ctx : *ngsild::context::core();
  std::vector<batch_item> batch;
  batch.reserve(entities.size());
  for (auto const& e : entities) {
    auto expanded = ngsild::expand_entity(e, c);
    auto const* id = e.if_contains("id");
    std::string const name = id && id->is_string() ? std::string(id->get_string()) : std::string("(no id)");
    if (!expanded) {
      return make_error(error_code::internal, "publishing " + name + ": not valid NGSI-LD: " + expanded.err().detail);
    }
    batch.push_back({name, [x = std::move(*expanded), at = std::string(now)](json::object const* current)
                               -> result<mutation> {
                       auto up = ngsild::upsert_entity(current, x, ngsild::upsert_mode::replace, at);
                       if (!up) return std::move(up).err();
                       return mutation{mutation::kind::put, std::move(*up)};
                     }});
  }
  std::vector<result<void>> results;
  commit_seq const seq = st.modify_batch(tenant, batch, results);
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i]) {
      return make_error(error_code::internal, "publishing " + batch[i].id + " failed: " + results[i].err().detail);
    }
  }
  return seq;
}

}  // namespace cityos::store
