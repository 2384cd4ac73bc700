// SPDX-License-Identifier: Apache-2.0
#include "auth/consents.h"

#include <mutex>

#include "auth/access_policy.h"
#include "common/uuid.h"

namespace cityos::auth {

namespace {

constexpr std::string_view kCollection = "consents";

std::string pair_key(std::string_view subject, std::string_view grantee) {
  std::string k(subject);
  k += '\n';
  k += grantee;
  return k;
}

result<std::string> required_string(json::object const& o, char const* name) {
  auto const* v = o.if_contains(name);
  if (v == nullptr) return make_error(error_code::bad_request, std::string("consent: '") + name + "' is missing");
  if (!v->is_string() || v->get_string().empty()) {
    return make_error(error_code::bad_request, std::string("consent: '") + name + "' must be a non-empty string");
  }
  return std::string(v->get_string());
}

// A consent as stored (same members as the API shows).
std::optional<consent> from_json(json::value const& v) {
  if (!v.is_object()) return std::nullopt;
  auto const& o = v.get_object();
  consent c;
  auto str = [&o](char const* k) {
    auto const* x = o.if_contains(k);
    return x != nullptr && x->is_string() ? std::string(x->get_string()) : std::string();
  };
  c.id = str("id");
  c.subject = str("subject");
  c.grantee = str("grantee");
  c.purpose = str("purpose");
  if (auto const* t = o.if_contains("types"); t != nullptr && t->is_array()) {
    for (auto const& x : t->get_array()) {
      if (x.is_string()) c.types.emplace_back(x.get_string());
    }
  }
  auto const created = parse_iso8601(str("createdAt"));
  if (c.id.empty() || c.subject.empty() || c.grantee.empty() || !created) return std::nullopt;
  c.created = *created;
  if (auto e = str("expires"); !e.empty()) c.expires = parse_iso8601(e);
  return c;
}

}  // namespace

json::object to_json(consent const& c) {
  json::object o;
  o["id"] = c.id;
  o["subject"] = c.subject;
  o["grantee"] = c.grantee;
  o["purpose"] = c.purpose;
  json::array types;
  for (auto const& t : c.types) types.emplace_back(t);
  o["types"] = std::move(types);
  o["createdAt"] = format_iso8601(c.created);
  if (c.expires) o["expires"] = format_iso8601(*c.expires);
  return o;
}

result<consent> parse_consent(json::value const& body, std::string subject, epoch_ms now) {
  if (!body.is_object()) return make_error(error_code::invalid_request, "consent: the body must be a JSON object");
  auto const& o = body.get_object();
  for (auto const& [k, v] : o) {
    if (k != "grantee" && k != "purpose" && k != "types" && k != "expires") {
      return make_error(error_code::bad_request, "consent: unknown member '" + std::string(k) + "'");
    }
  }
  consent c;
  c.subject = std::move(subject);
  c.created = now;
  auto grantee = required_string(o, "grantee");
  if (!grantee) return std::move(grantee).err();
  c.grantee = std::move(*grantee);
  auto purpose = required_string(o, "purpose");
  if (!purpose) return std::move(purpose).err();
  c.purpose = std::move(*purpose);
  if (auto const* t = o.if_contains("types")) {
    if (!t->is_array()) return make_error(error_code::bad_request, "consent: 'types' must be an array of strings");
    for (auto const& x : t->get_array()) {
      if (!x.is_string() || x.get_string().empty()) {
        return make_error(error_code::bad_request, "consent: 'types' must be an array of strings");
      }
      c.types.emplace_back(x.get_string());
    }
  }
  if (auto const* e = o.if_contains("expires")) {
    auto const t = e->is_string() ? parse_iso8601(e->get_string()) : std::nullopt;
    if (!t) return make_error(error_code::bad_request, "consent: 'expires' must be an ISO 8601 date-time");
    if (*t <= now) return make_error(error_code::bad_request, "consent: 'expires' is in the past");
    c.expires = *t;
  }
  return c;
}

consent_registry::consent_registry(store::store& st) : store_(st) {
  for (auto const& [key, doc] : st.documents(kCollection)) {
    auto c = from_json(doc);
    if (!c) continue;
    by_pair_[pair_key(c->subject, c->grantee)].push_back(c->id);
    by_id_.emplace(c->id, std::move(*c));
  }
}

result<consent> consent_registry::create(consent c) {
  c.id = "urn:cityos:consent:" + random_uuid();
  std::unique_lock lock(mutex_);
  store_.put_document(kCollection, c.id, to_json(c));
  by_pair_[pair_key(c.subject, c.grantee)].push_back(c.id);
  by_id_.emplace(c.id, c);
  return c;
}

result<void> consent_registry::revoke(std::string_view id, std::string_view subject) {
  std::unique_lock lock(mutex_);
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end() || (!subject.empty() && it->second.subject != subject)) {
    return make_error(error_code::not_found, "consent '" + std::string(id) + "' not found");
  }
  auto& ids = by_pair_[pair_key(it->second.subject, it->second.grantee)];
  std::erase(ids, it->second.id);
  store_.erase_document(kCollection, it->second.id);
  by_id_.erase(it);
  return {};
}

std::vector<consent> consent_registry::list(std::string_view subject) const {
  std::shared_lock lock(mutex_);
  std::vector<consent> out;
  for (auto const& [id, c] : by_id_) {
    if (subject.empty() || c.subject == subject) out.push_back(c);
  }
  std::sort(out.begin(), out.end(), [](consent const& a, consent const& b) { return a.id < b.id; });
  return out;
}

std::optional<consent> consent_registry::find(std::string_view id) const {
  std::shared_lock lock(mutex_);
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

bool consent_registry::allows(std::string_view subject, std::string_view grantee, std::string_view type_iri,
                              epoch_ms now) const {
  std::shared_lock lock(mutex_);
  auto it = by_pair_.find(pair_key(subject, grantee));
  if (it == by_pair_.end()) return false;
  for (auto const& id : it->second) {
    auto const& c = by_id_.at(id);
    if (c.expires && *c.expires <= now) continue;
    if (c.types.empty()) return true;
    for (auto const& t : c.types) {
      if (names_type(t, type_iri)) return true;
    }
  }
  return false;
}

}  // namespace cityos::auth
