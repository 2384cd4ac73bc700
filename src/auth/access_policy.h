// SPDX-License-Identifier: Apache-2.0
// The authorisation rules on entities, the same for every endpoint:
//  - a grant reaches a tenant's entities with its role, narrowed to its types
//    (matched by IRI or by local name: "WaterObserved" matches
//    ".../dataModel.Environment/WaterObserved") and id patterns;
//  - entities of a personal type (configured) are readable only by their
//    subject (a token whose `sub` equals the entity's subject attribute, or
//    whose URN ends in ":<sub>") and by whom the subject consented to
//    (consents.h) — no grant, not even admin, reads them otherwise. Writing
//    them takes being their subject, or a writer grant on the type and the
//    subject's consent.
// An `access` is one caller's view for one request: cheap to build, immutable,
// thread-safe to read. Access control off = no access object at all.
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "common/json.h"

namespace cityos::auth {

class consent_registry;
class audit_log;

struct policy_config {
  std::vector<std::string> personal_types;  // local names or IRIs
  std::string subject_attribute = "subject";  // local name or IRI of the attribute naming the person
};

// The local name of an IRI: what follows its last '/', '#' or ':'.
std::string_view local_name(std::string_view iri);
// True if `name` (a short name or an IRI) designates `iri`.
bool names_type(std::string_view name, std::string_view iri);

class access_policy {
 public:
  explicit access_policy(policy_config config);

  bool is_personal(json::object const& stored_entity) const;
  bool is_personal_type(std::string_view type_iri) const;
  // The subject of a stored entity (its subject attribute's value or object), or "".
  std::string subject_of(json::object const& stored_entity) const;
  policy_config const& config() const { return config_; }

 private:
  policy_config config_;
};

// What one caller may do, for one request.
class access {
 public:
  // `policy` and `consents` must outlive the access; `audit` may be null.
  access(principal who, access_policy const& policy, consent_registry const* consents, audit_log* audit,
         std::string remote);
  access(access const&) = delete;  // grants_ points into who_
  access& operator=(access const&) = delete;

  principal const& who() const { return who_; }
  std::string const& remote() const { return remote_; }
  audit_log* audit() const { return audit_; }
  // Appends an audit record of this caller's `action` on `target` (no-op
  // without an audit log); `via` defaults to how the caller authenticated.
  void record(std::string_view action, std::string_view tenant, std::string_view target,
              std::string_view via = {}) const;
  access_policy const& policy() const { return policy_; }

  // The highest role any grant gives in `tenant`, if any.
  std::optional<role> tenant_role(std::string_view tenant) const;
  // True if the caller may read `entity` (stored form) of `tenant`.
  bool may_read(std::string_view tenant, json::object const& entity) const;
  // True if the caller may create, change or delete `entity` (stored form).
  bool may_write(std::string_view tenant, json::object const& entity) const;
  // For personal data kept outside entities (a service's own records): true
  // if the caller is `subject` (its token's sub, or the URN's last part) or
  // `subject` consented to the caller for data of `type` (short name or IRI).
  // Grants and roles do not count.
  bool reaches_subject(std::string_view subject, std::string_view type) const;
  // True if the caller is the person `subject` names (its token's sub, or the URN's last part).
  bool is_subject(std::string_view subject) const;

 private:
  struct compiled_grant {
    grant const* g;
    std::vector<std::regex> ids;
  };
  bool grant_covers(compiled_grant const& g, std::string_view tenant, role need, json::object const& e) const;
  bool consented(std::string const& subject, json::object const& e) const;

  principal who_;
  access_policy const& policy_;
  consent_registry const* consents_;
  audit_log* audit_;
  std::string remote_;
  std::vector<compiled_grant> grants_;
};

}  // namespace cityos::auth
