// SPDX-License-Identifier: Apache-2.0
// The door of every endpoint when access control is on: reads the credential
// (an API key in X-API-Key or "Authorization: ApiKey <key>", or an OpenID
// Connect token in "Authorization: Bearer <jwt>"; a bearer value starting
// with "cityos_" is taken as an API key), applies the caller's rate limit,
// checks the role the route needs in the request's tenant (route_access below)
// and hands the handlers the caller's access (http_request::access), which
// the NGSI-LD handlers apply entity by entity (auth/guarded_store.h).
// Answers: 401 with WWW-Authenticate for a missing, malformed, expired or
// forged credential; 403 for a valid one without the role; 429 with
// Retry-After. Denials and every admitted write are audited. Thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "api/http/message.h"
#include "auth/access_policy.h"
#include "auth/audit_log.h"
#include "auth/consents.h"
#include "auth/principal.h"
#include "common/result.h"

namespace cityos::api {

// What a route requires of its caller.
enum class route_need : unsigned char {
  open,           // no credential (/health)
  authenticated,  // any valid credential (its own consents)
  subject_data,   // a grant of at least the method's role, or a person (entity data filtered to theirs)
  reader,         // a reader grant in the tenant
  writer,
  admin,          // an admin grant in the tenant
  any_admin,      // an admin grant in any tenant (/metrics)
};

// The requirement of `method` on `path`, and the tenant it concerns (from
// NGSILD-Tenant, or Fiware-Service on /iot routes). Reads (GET, HEAD and the
// query POSTs) need reader, other methods writer; device provisioning,
// /api/v1/admin and /api/v1/audit need admin.
route_need required_access(http_request const& req);
std::string request_tenant(http_request const& req);

// Turns a presented credential into a principal. Errors: unauthenticated.
using credential_check = std::function<result<auth::principal>(std::string_view credential)>;
// Seconds to wait before `who` may call again, or nullopt to go ahead.
using rate_check = std::function<std::optional<double>(std::string_view who)>;

struct access_gate_options {
  credential_check api_keys;  // empty: API keys are not accepted
  credential_check tokens;    // empty: bearer tokens are not accepted
  rate_check rate_limit;      // empty: no limit
  auth::access_policy const* policy = nullptr;     // required
  auth::consent_registry const* consents = nullptr;
  auth::audit_log* audit = nullptr;
};

class access_gate {
 public:
  explicit access_gate(access_gate_options options);

  // nullopt: admitted (req.access is set); otherwise the answer to send.
  std::optional<http_response> admit(http_request& req) const;
  // Audits an admitted request that was not a read, with its status.
  void after(http_request const& req, http_response const& resp) const;

 private:
  http_response deny(http_request const& req, error e, std::string_view who, bool token_given) const;
  // Appends an audit record about `req` (no-op without an audit log).
  void audit(http_request const& req, std::string_view who, std::string_view via, std::string_view action,
             int status) const;

  access_gate_options opt_;
};

}  // namespace cityos::api
