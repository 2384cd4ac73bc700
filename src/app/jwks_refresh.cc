// SPDX-License-Identifier: Apache-2.0
#include "app/jwks_refresh.h"

#include <spdlog/spdlog.h>

#include "api/http/http_client.h"

namespace cityos::app {

namespace {

constexpr std::chrono::milliseconds kFetchTimeout{5000};

}  // namespace

result<std::unique_ptr<auth::jwks_source>> open_jwks_source(auth::oidc_config const& oidc,
                                                            auth::token_verifier& verifier,
                                                            auth::token_cache& verified,
                                                            api::metrics_registry& metrics) {
  auto& updates = metrics.get_counter("auth_jwks_updates_total", "New OpenID Connect key sets installed");
  auto& failures = metrics.get_counter("auth_jwks_refresh_failures_total",
                                       "JWKS refreshes that failed and kept the current keys");
  auth::jwks_source_options o;
  o.location = oidc.jwks;
  o.fetch = [](std::string const& url) { return api::http_get(url, kFetchTimeout); };
  o.install = [&verifier, &verified, &updates](std::shared_ptr<auth::jwks const> keys) {
    std::size_t const n = keys->keys().size();
    verifier.replace_keys(std::move(keys));
    verified.clear();  // a token of a key that is gone must not pass from the cache
    updates.add();
    spdlog::info("auth: OpenID Connect key set with {} signing key(s) installed", n);
  };
  o.failed = [&failures](error const& e, std::size_t streak) {
    failures.add();
    if (streak == 1) spdlog::warn("auth: JWKS refresh failed, keeping the current keys: {}", e.detail);
  };
  o.recovered = [where = oidc.jwks](std::size_t streak) {
    spdlog::info("auth: JWKS {} refreshed again after {} failed attempt(s)", where, streak);
  };
  o.refresh_interval = oidc.jwks_refresh;
  o.min_refresh_interval = oidc.jwks_min_refresh;
  auto s = auth::jwks_source::open(std::move(o));
  if (!s) return make_error(s.err().code, "auth: " + s.err().detail);
  return s;
}

}  // namespace cityos::app
