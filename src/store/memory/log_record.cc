// SPDX-License-Identifier: Apache-2.0
#include "store/memory/log_record.h"

namespace cityos::store {

void write_entity_record(std::string& out, std::string_view tenant, std::string_view id,
                         std::optional<std::string> const& entity_json) {
  out += entity_json ? R"({"o":"p","t":)" : R"({"o":"d","t":)";
  dump_string_to(tenant, out);
  out += R"(,"i":)";
  dump_string_to(id, out);
  if (entity_json) {
    out += R"(,"e":)";
    out += *entity_json;
  }
  out += '}';
}

void write_document_record(std::string& out, std::string_view collection, std::string_view key,
                           json::value const* doc) {
  out += doc ? R"({"o":"P","c":)" : R"({"o":"D","c":)";
  dump_string_to(collection, out);
  out += R"(,"k":)";
  dump_string_to(key, out);
  if (doc) {
    out += R"(,"d":)";
    dump_to(*doc, out);
  }
  out += '}';
}

}  // namespace cityos::store
