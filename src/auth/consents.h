// SPDX-License-Identifier: Apache-2.0
// Consent records: a person (subject) lets a grantee (an API key id or a
// token subject: a service or a member of staff) read their personal data of
// some types for a purpose, until an expiry. Kept durable in the store
// (document collection "consents"); a revocation takes effect for the next
// check (every read and every notification checks). Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "common/time.h"
#include "store/store.h"

namespace cityos::auth {

struct consent {
  std::string id;       // "urn:cityos:consent:<uuid>"
  std::string subject;  // the person
  std::string grantee;  // key id or token subject
  std::string purpose;
  std::vector<std::string> types;  // personal types covered (short names or IRIs); empty: all
  epoch_ms created = 0;
  std::optional<epoch_ms> expires;
};

json::object to_json(consent const& c);
// Parses a consent document {"grantee", "purpose", "types"?, "expires"? (ISO 8601)}
// given by or for `subject`. Errors: invalid_request / bad_request naming the member.
result<consent> parse_consent(json::value const& body, std::string subject, epoch_ms now);

class consent_registry {
 public:
  // Loads the consents kept in `st`, which must outlive the registry.
  explicit consent_registry(store::store& st);

  // Stores `c` (its id generated). Errors: internal if the store refuses.
  result<consent> create(consent c);
  // Revokes consent `id`; `subject` "" may revoke any (admin), otherwise only
  // its own. Errors: not_found (also for another subject's consent).
  result<void> revoke(std::string_view id, std::string_view subject);
  // The consents of `subject` ("" : all).
  std::vector<consent> list(std::string_view subject) const;
  std::optional<consent> find(std::string_view id) const;
  // True if a consent of `subject` to `grantee` covers type `type_iri` at `now`.
  bool allows(std::string_view subject, std::string_view grantee, std::string_view type_iri, epoch_ms now) const;

 private:
  store::store& store_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, consent> by_id_;
  std::unordered_map<std::string, std::vector<std::string>> by_pair_;  // subject + '\n' + grantee -> ids
};

}  // namespace cityos::auth
