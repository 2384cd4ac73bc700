// SPDX-License-Identifier: Apache-2.0
// A resolved JSON-LD @context as NGSI-LD brokers use it: term <-> IRI maps
// layered over the built-in NGSI-LD core context (v1.8, the one GS CIM 009
// v1.9.1 references), which always wins for core terms (they are protected).
// Immutable once built, so one instance may be shared by many threads.
//
// expand_term(): user term, else core term, else a compact IRI "prefix:suffix"
//   with a known prefix, else an absolute IRI ("http://...", "urn:...") as is,
//   else @vocab + term (the user's @vocab if set, else the core
//   "https://uri.etsi.org/ngsi-ld/default-context/"). Keywords ("@id") stay.
// compact_iri(): the reverse: user term, else core term, else the active
//   @vocab prefix stripped ("https://uri.etsi.org/ngsi-ld/default-context/foo"
//   -> "foo"), else a compact IRI "schema:foo" with a known prefix, else the
//   IRI unchanged. expand_term(compact_iri(x)) == x for every IRI x.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "common/string_map.h"

namespace cityos::ngsild {

inline constexpr std::string_view kCoreContextUrl =
    "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld";
inline constexpr std::string_view kDefaultVocab = "https://uri.etsi.org/ngsi-ld/default-context/";
inline constexpr std::string_view kNgsiLdPrefix = "https://uri.etsi.org/ngsi-ld/";

// How a term's values are interpreted ("@type" of its definition).
enum class term_value_kind {
  plain,      // no @type (or a datatype such as "DateTime")
  vocab,      // "@type": "@vocab": string values are terms and expand too
  id,         // "@type": "@id": string values are IRIs
  json,       // "@type": "@json": the value is opaque JSON
};

class context {
 public:
  // Transparent string hashing so lookups by string_view do not allocate.
  using string_map = cityos::string_map<std::string>;
  using kind_map = cityos::string_map<term_value_kind>;

  // Only context::make()/core() can build one; the tag keeps the constructor
  // usable by std::make_shared but not by other code.
  class build_tag {
    friend class context;
    build_tag() = default;
  };
  explicit context(build_tag) {}

  // Returns the core-only context (no user terms). Never null; the same
  // shared instance on every call.
  static std::shared_ptr<context const> core();

  // Builds a context from the user's term definitions (already fetched and
  // flattened: term -> IRI, or term -> {"@id": IRI, "@type": ...}; "@vocab"
  // may be set; other keywords ("@version", "@protected", ...) are ignored;
  // a null definition is ignored). Definitions of
  // core terms are ignored (protected). Values may use prefixes defined in
  // `definitions` or in the core context ("schema:name", "ngsi-ld:foo").
  // `urls` lists the context URLs it came from, in order (for Link headers).
  // Errors: bad_request if a definition is not a string, null or an object
  // whose "@id"/"@type" are strings, or if "@vocab" is not a string or null.
  static result<std::shared_ptr<context const>> make(json::object const& definitions,
                                                     std::vector<std::string> urls);

  // See the file comment. Never fails; an empty term expands to @vocab.
  std::string expand_term(std::string_view term) const;
  std::string compact_iri(std::string_view iri) const;
  // The context URLs this context was built from (empty for core only).
  std::vector<std::string> const& urls() const { return urls_; }
  // True if the term whose expanded IRI is `iri` is declared with
  // "@type": "@vocab" (its string values expand too).
  bool is_vocab_term(std::string_view iri) const;
  // The value kind of the term whose expanded IRI is `iri` (plain if unknown).
  term_value_kind value_kind(std::string_view iri) const;
  // The @vocab in effect (the user's, else kDefaultVocab).
  std::string const& vocab() const { return vocab_; }
  // True if this is the core-only context (no user definitions at all).
  bool is_core_only() const { return term_to_iri_.empty() && !user_vocab_; }

  // The user term definitions after resolution, term -> expanded IRI.
  string_map const& user_terms() const { return term_to_iri_; }

 private:
  result<void> add_definitions(json::object const& definitions);
  std::string const* find_prefix(std::string_view prefix) const;

  string_map term_to_iri_;   // user term -> IRI (core terms never here)
  string_map iri_to_term_;   // IRI -> user term (first defined term wins)
  string_map prefixes_;      // user prefix term -> IRI ending in a gen-delim
  kind_map value_kinds_;     // IRI -> kind, for user terms with a non-plain @type
  std::vector<std::string> urls_;
  std::string vocab_{kDefaultVocab};
  bool user_vocab_ = false;
};

}  // namespace cityos::ngsild
