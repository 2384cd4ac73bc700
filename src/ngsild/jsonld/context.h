// SPDX-License-Identifier: Apache-2.0
// A resolved JSON-LD @context as NGSI-LD brokers use it: term <-> IRI maps
// layered over the built-in NGSI-LD core context (v1.8, the one GS CIM 009
// v1.9.1 references), which always wins for core terms. Immutable once built,
// so one instance may be shared by many threads.
//
// expand_term(): "temperature" -> user mapping, else core mapping, else
//   "https://uri.etsi.org/ngsi-ld/default-context/temperature" (the core
//   @vocab); a term that already is an IRI ("http://...", "urn:...", a
//   "prefix:suffix" compact IRI with a known prefix) is expanded as IRI.
// compact_iri(): the reverse; an IRI with no term in the user or core
//   context comes back unchanged, except that the default-context prefix is
//   stripped ("https://uri.etsi.org/ngsi-ld/default-context/foo" -> "foo").
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace cityos::ngsild {

inline constexpr std::string_view kCoreContextUrl =
    "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";
inline constexpr std::string_view kDefaultVocab = "https://uri.etsi.org/ngsi-ld/default-context/";

class context {
 public:
  // Returns the core-only context (no user terms).
  static std::shared_ptr<context const> core();

  // Builds a context from the user's term definitions (already fetched and
  // flattened: term -> IRI, or term -> {"@id": IRI, "@type": ...}).
  // `urls` lists the context URLs it came from, in order (for Link headers).
  // Errors: bad_request if a definition is not a string or an object with @id.
  static result<std::shared_ptr<context const>> make(json::object const& definitions,
                                                     std::vector<std::string> urls);

  std::string expand_term(std::string_view term) const;
  std::string compact_iri(std::string_view iri) const;
  // The context URLs this context was built from (empty for core only).
  std::vector<std::string> const& urls() const { return urls_; }
  // True if `term` is declared with "@type": "@vocab" (its values expand too).
  bool is_vocab_term(std::string_view iri) const;

 private:
  std::unordered_map<std::string, std::string> term_to_iri_;
  std::unordered_map<std::string, std::string> iri_to_term_;
  std::unordered_map<std::string, std::string> prefixes_;
  std::unordered_map<std::string, bool> vocab_iris_;
  std::vector<std::string> urls_;
  std::string vocab_;
};

}  // namespace cityos::ngsild
