// SPDX-License-Identifier: Apache-2.0
// The access-control endpoints (the access gate admits callers to them):
//   /api/v1/admin/keys        POST create (the key is in the answer, once), GET list
//   /api/v1/admin/keys/{id}   GET, DELETE (revoke)              — admins of the key's tenant
//   /api/v1/consents          POST give (a person, by bearer token), GET own (all for admins)
//   /api/v1/consents/{id}     GET, DELETE (revoke: at once, reads and notifications)
//   /api/v1/audit             GET records (?since&until&who&target&action&limit), admins
//   /api/v1/audit/export      GET all matching records as application/x-ndjson
//   /api/v1/audit/verify      GET {"records", "intact"}: the hash chain checked
// The audit log has no route that changes it.
#pragma once

#include <functional>

#include "api/router.h"
#include "auth/api_keys.h"
#include "auth/audit_log.h"
#include "auth/consents.h"

namespace cityos::api {

struct auth_endpoints {
  auth::key_store* keys = nullptr;             // required
  auth::consent_registry* consents = nullptr;  // required
  auth::audit_log* audit = nullptr;            // required
  std::function<void()> on_key_created;        // e.g. turns access control on
};

// Adds the routes; the referenced objects must outlive `r`.
void add_auth_routes(router& r, auth_endpoints e);

}  // namespace cityos::api
