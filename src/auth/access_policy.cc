// SPDX-License-Identifier: Apache-2.0
#include "auth/access_policy.h"

#include "auth/audit_log.h"
#include "auth/consents.h"
#include "common/time.h"

namespace cityos::auth {

std::string_view local_name(std::string_view iri) {
  auto const cut = iri.find_last_of("/#:");
  return cut == std::string_view::npos ? iri : iri.substr(cut + 1);
}

bool names_type(std::string_view name, std::string_view iri) {
  return name == iri || (name.find_first_of("/#:") == std::string_view::npos && name == local_name(iri));
}

namespace {

template <typename F>
bool any_type(json::object const& e, F&& f) {
  auto const* t = e.if_contains("type");
  if (t == nullptr) return false;
  if (t->is_string()) return f(std::string_view(t->get_string()));
  if (!t->is_array()) return false;
  for (auto const& v : t->get_array()) {
    if (v.is_string() && f(std::string_view(v.get_string()))) return true;
  }
  return false;
}

std::string_view entity_id(json::object const& e) {
  auto const* id = e.if_contains("id");
  return id != nullptr && id->is_string() ? std::string_view(id->get_string()) : std::string_view();
}

bool tenant_matches(std::string const& granted, std::string_view tenant) {
  return granted == "*" || granted == tenant;
}

}  // namespace

access_policy::access_policy(policy_config config) : config_(std::move(config)) {}

bool access_policy::is_personal_type(std::string_view type_iri) const {
  for (auto const& p : config_.personal_types) {
    if (names_type(p, type_iri)) return true;
  }
  return false;
}

bool access_policy::is_personal(json::object const& e) const {
  if (config_.personal_types.empty()) return false;
  return any_type(e, [this](std::string_view t) { return is_personal_type(t); });
}

std::string access_policy::subject_of(json::object const& e) const {
  for (auto const& [key, v] : e) {
    if (!names_type(config_.subject_attribute, key) || !v.is_array() || v.get_array().empty()) continue;
    auto const& inst = v.get_array().front();
    if (!inst.is_object()) continue;
    for (char const* m : {"object", "value"}) {
      auto const* x = inst.get_object().if_contains(m);
      if (x != nullptr && x->is_string()) return std::string(x->get_string());
    }
  }
  return {};
}

access::access(principal who, access_policy const& policy, consent_registry const* consents, audit_log* audit,
               std::string remote)
    : who_(std::move(who)), policy_(policy), consents_(consents), audit_(audit), remote_(std::move(remote)) {
  grants_.reserve(who_.grants.size());
  for (auto const& g : who_.grants) {
    compiled_grant c{&g, {}};
    for (auto const& p : g.id_patterns) c.ids.emplace_back(p, std::regex::ECMAScript | std::regex::optimize);
    grants_.push_back(std::move(c));
  }
}

void access::record(std::string_view action, std::string_view tenant, std::string_view target,
                    std::string_view via) const {
  if (audit_ == nullptr) return;
  audit_record r;
  r.at = now_ms();
  r.who = who_.id.empty() ? "anonymous" : who_.id;
  r.via = via.empty() ? std::string(via_name(who_.via)) : std::string(via);
  r.remote = remote_;
  r.action = std::string(action);
  r.tenant = std::string(tenant);
  r.target = std::string(target);
  audit_->record(std::move(r));
}

std::optional<role> access::tenant_role(std::string_view tenant) const {
  if (who_.unrestricted()) return role::admin;
  std::optional<role> best;
  for (auto const& g : who_.grants) {
    if (tenant_matches(g.tenant, tenant) && (!best || g.level > *best)) best = g.level;
  }
  return best;
}

bool access::grant_covers(compiled_grant const& c, std::string_view tenant, role need, json::object const& e) const {
  grant const& g = *c.g;
  if (!tenant_matches(g.tenant, tenant) || g.level < need) return false;
  if (!g.types.empty() && !any_type(e, [&g](std::string_view t) {
        for (auto const& name : g.types) {
          if (names_type(name, t)) return true;
        }
        return false;
      })) {
    return false;
  }
  if (!c.ids.empty()) {
    std::string const id(entity_id(e));
    bool hit = false;
    for (auto const& re : c.ids) hit = hit || std::regex_match(id, re);
    if (!hit) return false;
  }
  return true;
}

namespace {
// A subject attribute names the person by their `sub`, or by a URN ending in ":<sub>".
bool names_subject(std::string const& named, std::string const& sub) {
  if (sub.empty() || named.size() < sub.size()) return false;
  if (named == sub) return true;
  return named.size() > sub.size() && named.compare(named.size() - sub.size(), sub.size(), sub) == 0 &&
         named[named.size() - sub.size() - 1] == ':';
}
}  // namespace

bool access::consented(std::string const& subject, json::object const& e) const {
  if (consents_ == nullptr || subject.empty()) return false;
  epoch_ms const now = now_ms();
  // The subject attribute may be a URN; consents are keyed by the bare subject too.
  std::string const bare(local_name(subject));
  return any_type(e, [&](std::string_view t) {
    if (!policy_.is_personal_type(t)) return false;
    return consents_->allows(subject, who_.id, t, now) ||
           (bare != subject && consents_->allows(bare, who_.id, t, now));
  });
}

bool access::may_read(std::string_view tenant, json::object const& e) const {
  if (who_.unrestricted()) return true;
  if (policy_.is_personal(e)) {
    std::string const subject = policy_.subject_of(e);
    if (names_subject(subject, who_.subject)) return true;
    return consented(subject, e);
  }
  for (auto const& g : grants_) {
    if (grant_covers(g, tenant, role::reader, e)) return true;
  }
  return false;
}

bool access::is_subject(std::string_view subject) const {
  return names_subject(std::string(subject), who_.subject);
}

bool access::reaches_subject(std::string_view subject, std::string_view type) const {
  if (who_.unrestricted()) return true;
  std::string const named(subject);
  if (names_subject(named, who_.subject)) return true;
  if (consents_ == nullptr) return false;
  epoch_ms const now = now_ms();
  std::string const bare(local_name(named));
  return consents_->allows(named, who_.id, type, now) || (bare != named && consents_->allows(bare, who_.id, type, now));
}

bool access::may_write(std::string_view tenant, json::object const& e) const {
  if (who_.unrestricted()) return true;
  if (policy_.is_personal(e)) {
    // The subject, or a writer the subject consented to.
    std::string const subject = policy_.subject_of(e);
    if (names_subject(subject, who_.subject)) return true;
    if (!consented(subject, e)) return false;
  }
  for (auto const& g : grants_) {
    if (grant_covers(g, tenant, role::writer, e)) return true;
  }
  return false;
}

}  // namespace cityos::auth
