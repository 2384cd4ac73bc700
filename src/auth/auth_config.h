// SPDX-License-Identifier: Apache-2.0
// The access-control configuration file (`cityos serve --auth-config FILE`):
//
//   {
//     "personalTypes": ["DailySteps", "HealthMeasurement"],  // readable by subject or consent only
//     "subjectAttribute": "subject",        // names the person of a personal entity
//     "oidc": {                             // OpenID Connect bearer tokens (optional)
//       "issuer": "https://id.city.example", "audience": "cityos",
//       "jwks": "jwks.json" | "https://id.city.example/jwks",   // file (relative to this file) or URL
//       "jwksRefreshSeconds": 3600,         // re-fetch (URL) or re-check the mtime (file); >= 60
//       "jwksMinRefreshSeconds": 60,        // at most one refresh for unknown kids this often; >= 1
//       "grantsClaim": "cityos_grants"      // claim holding [{"tenant","role","types","idPatterns"}]
//     },
//     "rateLimit": {"perSecond": 50, "burst": 100}              // per key or subject (optional)
//   }
//
// Every member is optional. Errors name the member.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "auth/access_policy.h"
#include "auth/jwt.h"
#include "auth/principal.h"
#include "common/json.h"
#include "common/result.h"

namespace cityos::auth {

struct oidc_config {
  std::string issuer, audience;
  std::string jwks;  // file path (resolved) or http(s) URL
  std::string grants_claim = "cityos_grants";
  std::chrono::seconds leeway{60};
  std::chrono::seconds jwks_refresh{3600};     // the periodic refresh of the key set
  std::chrono::seconds jwks_min_refresh{60};   // the least time between unknown-kid refreshes
};

struct rate_config {
  double per_second = 0;  // 0: no limit
  double burst = 0;
};

struct auth_config {
  policy_config policy;
  std::optional<oidc_config> oidc;
  rate_config rate;
};

// Parses the document; relative jwks paths are resolved against `base_dir`.
// Errors: bad_request naming the member.
result<auth_config> parse_auth_config(json::value const& doc, std::filesystem::path const& base_dir);
// Reads and parses `file`. Errors: not_found, bad_request.
result<auth_config> load_auth_config(std::filesystem::path const& file);

// The principal of a verified token: its subject and the grants in claim `grants_claim`.
principal token_principal(verified_token const& t, std::string const& grants_claim);

}  // namespace cityos::auth
