// SPDX-License-Identifier: Apache-2.0
#include "ngsild/jsonld/context_resolver.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <unordered_map>

namespace cityos::ngsild {
namespace {

constexpr int kMaxNesting = 16;

bool is_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::string_view context_kind_name(context_kind k) {
  return k == context_kind::hosted ? "Hosted" : "Cached";
}

bool is_core_context_url(std::string_view url) {
  if (url.starts_with("https://")) {
    url.remove_prefix(8);
  } else if (url.starts_with("http://")) {
    url.remove_prefix(7);
  } else {
    return false;
  }
  constexpr std::string_view kBase = "uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context";
  if (!url.starts_with(kBase) || !url.ends_with(".jsonld")) return false;
  url = url.substr(kBase.size(), url.size() - kBase.size() - 7);
  if (url.empty()) return true;
  // "-v1.N"
  if (!url.starts_with("-v1.")) return false;
  return is_digits(url.substr(4));
}

// A stored document; immutable except the usage counters.
struct context_resolver::entry {
  std::string url;
  context_kind kind;
  epoch_ms created_at;
  json::value document;
  std::atomic<epoch_ms> last_usage{0};
  std::atomic<std::uint64_t> hits{0};
};

struct context_resolver::resolved {
  std::shared_ptr<context const> ctx;
  std::vector<std::shared_ptr<entry>> used;  // stored entries it was built from
};

struct context_resolver::tables {
  std::map<std::string, std::shared_ptr<entry>, std::less<>> stored;  // url -> entry
  std::unordered_map<std::string, resolved> resolved_cache;  // dump(@context) -> context
  std::uint64_t generation = 0;  // bumped when stored entries change
};

// State of one resolution: the merged definitions so far.
struct context_resolver::flattening {
  json::object definitions;            // term -> definition, later ones override
  std::vector<std::string> urls;       // top-level non-core URLs, in order
  std::vector<std::string> url_stack;  // documents being expanded (cycle check)
  std::vector<std::shared_ptr<entry>> used;
};

context_resolver::context_resolver(context_loader* loader, std::function<epoch_ms()> clock,
                                   std::size_t resolved_cache_size)
    : loader_(loader),
      clock_(clock ? std::move(clock) : std::function<epoch_ms()>(now_ms)),
      resolved_cache_size_(resolved_cache_size == 0 ? 1 : resolved_cache_size),
      tables_(std::make_unique<tables>()) {}

context_resolver::~context_resolver() = default;

void context_resolver::touch(entry& e) const {
  e.hits.fetch_add(1, std::memory_order_relaxed);
  e.last_usage.store(clock_(), std::memory_order_relaxed);
}

std::shared_ptr<context_resolver::entry> context_resolver::find_entry(std::string_view url) const {
  std::shared_lock lock(mutex_);
  auto it = tables_->stored.find(url);
  return it == tables_->stored.end() ? nullptr : it->second;
}

result<std::shared_ptr<context_resolver::entry>> context_resolver::fetch(std::string const& url,
                                                                        flattening& f) {
  auto e = find_entry(url);
  if (e == nullptr) {
    if (loader_ == nullptr) {
      return make_error(error_code::ld_context_not_available,
                        "The @context '" + url + "' is not available (not stored, no loader)");
    }
    auto doc = loader_->load(url);
    if (!doc) {
      return make_error(error_code::ld_context_not_available,
                        "The @context '" + url + "' could not be loaded: " + doc.err().detail);
    }
    auto const* obj = doc->if_object();
    if (obj == nullptr || !obj->contains("@context")) {
      return make_error(error_code::bad_request,
                        "The document at '" + url + "' is not a JSON-LD context (no @context)");
    }
    auto fresh = std::make_shared<entry>();
    fresh->url = url;
    fresh->kind = context_kind::cached;
    fresh->created_at = clock_();
    fresh->document = std::move(*doc);
    std::unique_lock lock(mutex_);
    e = tables_->stored.try_emplace(url, std::move(fresh)).first->second;
  }
  touch(*e);
  f.used.push_back(e);
  return e;
}

result<void> context_resolver::flatten(json::value const& v, flattening& f, int depth) {
  if (depth > kMaxNesting) {
    return make_error(error_code::bad_request, "@context nesting is deeper than 16 levels");
  }
  switch (v.kind()) {
    case json::kind::null:  // JSON-LD: null resets to the initial (core) context
      f.definitions.clear();
      f.urls.clear();
      return {};
    case json::kind::array:
      for (auto const& item : v.get_array()) {
        if (auto r = flatten(item, f, depth + 1); !r) return r;
      }
      return {};
    case json::kind::object:
      for (auto const& [key, def] : v.get_object()) {
        if (key == "@context") continue;  // not a term; nothing to merge
        f.definitions.insert_or_assign(key, def);
      }
      return {};
    case json::kind::string:
      break;
    default:
      return make_error(error_code::bad_request,
                        "An @context must be a URL string, an object or an array");
  }
  std::string url(v.get_string());
  if (is_core_context_url(url)) return {};
  if (url.empty()) return make_error(error_code::bad_request, "An @context URL is empty");
  if (std::find(f.url_stack.begin(), f.url_stack.end(), url) != f.url_stack.end()) {
    return make_error(error_code::bad_request, "The @context '" + url + "' includes itself");
  }
  auto e = fetch(url, f);
  if (!e) return std::move(e).err();
  if (f.url_stack.empty()) f.urls.push_back(url);
  f.url_stack.push_back(url);
  auto r = flatten((*e)->document.as_object().at("@context"), f, depth + 1);
  f.url_stack.pop_back();
  return r;
}

result<std::shared_ptr<context const>> context_resolver::resolve(json::value const& ld_context) {
  return resolve_keyed(dump(ld_context), ld_context);
}

result<std::shared_ptr<context const>> context_resolver::resolve_url(std::string_view url) {
  json::value v(json::string(url.data(), url.size()));
  return resolve_keyed(dump(v), v);
}

result<std::shared_ptr<context const>> context_resolver::resolve_keyed(
    std::string key, json::value const& ld_context) {
  std::uint64_t generation = 0;
  {
    std::shared_lock lock(mutex_);
    auto it = tables_->resolved_cache.find(key);
    if (it != tables_->resolved_cache.end()) {
      for (auto const& e : it->second.used) touch(*e);
      return it->second.ctx;
    }
    generation = tables_->generation;
  }
  flattening f;
  if (auto r = flatten(ld_context, f, 0); !r) return std::move(r).err();
  std::shared_ptr<context const> ctx;
  if (f.definitions.empty() && f.urls.empty()) {
    ctx = context::core();
  } else {
    auto made = context::make(f.definitions, std::move(f.urls));
    if (!made) return std::move(made).err();
    ctx = std::move(*made);
  }
  std::unique_lock lock(mutex_);
  if (generation != tables_->generation) return ctx;  // stored documents changed meanwhile
  if (tables_->resolved_cache.size() >= resolved_cache_size_) tables_->resolved_cache.clear();
  tables_->resolved_cache.insert_or_assign(std::move(key), resolved{ctx, std::move(f.used)});
  return ctx;
}

result<void> context_resolver::add(std::string url, json::value document, context_kind kind) {
  if (url.empty()) return make_error(error_code::bad_request, "An @context URL is empty");
  auto const* obj = document.if_object();
  if (obj == nullptr || !obj->contains("@context")) {
    return make_error(error_code::bad_request,
                      "A stored @context document must be an object with an \"@context\" member");
  }
  auto e = std::make_shared<entry>();
  e->url = url;
  e->kind = kind;
  e->created_at = clock_();
  e->document = std::move(document);
  std::unique_lock lock(mutex_);
  auto it = tables_->stored.find(url);
  if (it != tables_->stored.end() && it->second->kind == context_kind::hosted &&
      kind == context_kind::hosted) {
    return make_error(error_code::already_exists, "The @context '" + url + "' already exists");
  }
  tables_->stored.insert_or_assign(std::move(url), std::move(e));
  tables_->resolved_cache.clear();
  ++tables_->generation;
  return {};
}

namespace {

stored_context snapshot(auto const& e) {
  return stored_context{e.url, e.kind, e.created_at, e.last_usage.load(std::memory_order_relaxed),
                        e.hits.load(std::memory_order_relaxed), e.document};
}

}  // namespace

std::vector<stored_context> context_resolver::list() const {
  std::shared_lock lock(mutex_);
  std::vector<stored_context> out;
  out.reserve(tables_->stored.size());
  for (auto const& [url, e] : tables_->stored) out.push_back(snapshot(*e));
  return out;
}

result<stored_context> context_resolver::get(std::string_view url) const {
  auto e = find_entry(url);
  if (e == nullptr) {
    return make_error(error_code::not_found, "No stored @context '" + std::string(url) + "'");
  }
  return snapshot(*e);
}

result<void> context_resolver::remove(std::string_view url) {
  std::unique_lock lock(mutex_);
  auto it = tables_->stored.find(url);
  if (it == tables_->stored.end()) {
    return make_error(error_code::not_found, "No stored @context '" + std::string(url) + "'");
  }
  tables_->stored.erase(it);
  tables_->resolved_cache.clear();
  ++tables_->generation;
  return {};
}

void context_resolver::clear_resolved_cache() {
  std::unique_lock lock(mutex_);
  tables_->resolved_cache.clear();
}

}  // namespace cityos::ngsild
