// SPDX-License-Identifier: Apache-2.0
// Turns an @context value as it arrives (a URL string, an inline object, or an
// array of those, nested through fetched documents) into a shared immutable
// context, and keeps the broker's stored @context documents (the
// /ngsi-ld/v1/jsonldContexts API, GS CIM 009 clause 5.13). All member
// functions are thread-safe (one std::shared_mutex guards the stores).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "common/time.h"
#include "ngsild/jsonld/context.h"

namespace cityos::ngsild {

// Fetches a remote @context document (implemented by the HTTP layer).
class context_loader {
 public:
  virtual ~context_loader() = default;
  // Returns the parsed document at `url` (normally {"@context": ...}).
  // Errors: ld_context_not_available when it cannot be fetched or parsed.
  virtual result<json::value> load(std::string_view url) = 0;
};

// How a stored @context came to be (the "kind" of clause 5.13).
enum class context_kind {
  hosted,  // created by a client through POST /jsonldContexts
  cached,  // fetched from its URL and kept
};
// "Hosted" / "Cached".
std::string_view context_kind_name(context_kind k);

// One stored @context document and its usage counters.
struct stored_context {
  std::string url;
  context_kind kind = context_kind::cached;
  epoch_ms created_at = 0;
  epoch_ms last_usage = 0;  // 0 if never used in a resolution
  std::uint64_t number_of_hits = 0;
  json::value document;  // the whole document, {"@context": ...}
};

// True for any of the NGSI-LD core context URLs (v1.0 ... v1.9 and the
// unversioned one); they resolve to nothing beyond the built-in core.
bool is_core_context_url(std::string_view url);

class context_resolver {
 public:
  static constexpr std::size_t kDefaultResolvedCacheSize = 1000;

  // `loader` may be null (then URLs not stored here fail); if set it must
  // outlive the resolver. `clock` returns now in ms (injectable for tests;
  // empty means cityos::now_ms). `resolved_cache_size` bounds the cache of
  // resolved contexts (it is emptied when full).
  explicit context_resolver(context_loader* loader = nullptr,
                            std::function<epoch_ms()> clock = {},
                            std::size_t resolved_cache_size = kDefaultResolvedCacheSize);
  ~context_resolver();
  context_resolver(context_resolver const&) = delete;
  context_resolver& operator=(context_resolver const&) = delete;

  // Resolves an @context value: a URL string, an object of term definitions,
  // an array of those, or null (core only). Later entries override earlier
  // ones (core terms never change). Repeated calls with an equal value return
  // the cached context. The returned context is shared and immutable.
  // Errors: ld_context_not_available naming the URL that is neither stored
  // nor loadable; bad_request for an invalid value or definition, a
  // document without "@context", or nesting deeper than 16 / cyclic.
  result<std::shared_ptr<context const>> resolve(json::value const& ld_context);
  // Same for a single context URL (e.g. from a Link header). Same errors.
  result<std::shared_ptr<context const>> resolve_url(std::string_view url);

  // Stores `document` ({"@context": ...}) under `url`. Replaces a Cached
  // entry with the same URL. Errors: bad_request if `document` is not an
  // object with an "@context" member or `url` is empty; already_exists if a
  // Hosted entry with that URL exists and `kind` is hosted.
  result<void> add(std::string url, json::value document, context_kind kind);
  // Returns all stored entries (copies), sorted by URL.
  std::vector<stored_context> list() const;
  // Returns a copy of the entry for `url`. Errors: not_found.
  result<stored_context> get(std::string_view url) const;
  // Removes the entry for `url`. Errors: not_found.
  result<void> remove(std::string_view url);
  // Drops the cached resolved contexts (stored documents stay).
  void clear_resolved_cache();

 private:
  struct entry;
  struct resolved;
  struct flattening;

  std::shared_ptr<entry> find_entry(std::string_view url) const;
  void touch(entry& e) const;
  result<std::shared_ptr<entry>> fetch(std::string const& url, flattening& f);
  result<void> flatten(json::value const& v, flattening& f, int depth);
  result<std::shared_ptr<context const>> resolve_keyed(std::string key,
                                                       json::value const& ld_context);

  context_loader* loader_;  // not owned; may be null
  std::function<epoch_ms()> clock_;
  std::size_t resolved_cache_size_;
  // Guarded by mutex_: url -> stored entry, serialized @context -> resolved.
  struct tables;
  std::unique_ptr<tables> tables_;
  mutable std::shared_mutex mutex_;
};

// Parses an HTTP Link header value such as
//   <https://example.org/ctx.jsonld>; rel="http://www.w3.org/ns/json-ld#context";
//   type="application/ld+json"
// and returns the URL of the (single) JSON-LD context link. Several
// comma-separated links are allowed; only the json-ld#context one is used.
// Errors: invalid_request for malformed syntax (no <...>, bad parameter);
// bad_request if no link has rel json-ld#context, more than one has, or its
// URL is not absolute.
result<std::string> parse_link_header(std::string_view header);

}  // namespace cityos::ngsild
