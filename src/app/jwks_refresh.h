// SPDX-License-Identifier: Apache-2.0
// Wiring of OpenID Connect key rotation: the JWKS source of an `oidc` config
// that fetches URLs with api::http_get, installs every new key set into the
// token verifier (and forgets the tokens verified before), logs a failed
// refresh once per failure streak, and counts refreshes in the metrics.
#pragma once

#include <memory>

#include "api/http/metrics.h"
#include "auth/auth_config.h"
#include "auth/jwks_source.h"
#include "auth/jwt.h"
#include "auth/token_cache.h"
#include "common/result.h"

namespace cityos::app {

// Loads the JWKS of `oidc` into `verifier` and keeps it current
// (jwksRefreshSeconds, jwksMinRefreshSeconds). `verifier`, `verified` and
// `metrics` must outlive the source. Errors: as auth::jwks_source::open (the first load).
result<std::unique_ptr<auth::jwks_source>> open_jwks_source(auth::oidc_config const& oidc,
                                                            auth::token_verifier& verifier,
                                                            auth::token_cache& verified,
                                                            api::metrics_registry& metrics);

}  // namespace cityos::app
