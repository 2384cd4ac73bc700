// SPDX-License-Identifier: Apache-2.0
// Client side of a broker's batch upsert (POST /ngsi-ld/v1/entityOperations/upsert),
// used by the `cityos gtfs` commands that publish entities like any other client.
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace cityos::app {

// Where batches go.
struct broker_endpoint {
  bool tls = false;
  std::string host;
  unsigned short port = 0;
  std::string base;  // path before /ngsi-ld, without trailing '/'
};

// The endpoint of an http:// or https:// broker URL. Errors: bad_request for a
// malformed URL, another scheme or no host.
result<broker_endpoint> parse_broker_url(std::string const& url);

struct upsert_request {
  std::string tenant;             // NGSILD-Tenant; empty: default tenant
  std::string context;            // @context URL sent as Link header; empty: core context
  std::size_t batch_size = 1000;  // entities per request, clamped to 1..1000
};

struct upsert_totals {
  std::size_t sent = 0, created = 0, updated = 0, failed = 0;
};

// Upserts `entities` in batches, counting outcomes in `t` and listing the first
// rejected entities of each batch on `out`; `progress` (may be empty) is called
// after each batch with (sent, total). Rejected entities do not stop the run.
// Errors: unavailable (network) or internal (an answer the batch API never
// gives); `t` then holds what was sent before.
result<void> upsert_entities(broker_endpoint const& ep, upsert_request const& request,
                             std::vector<json::object> const& entities, upsert_totals& t, std::ostream& out,
                             std::function<void(std::size_t, std::size_t)> const& progress);

}  // namespace cityos::app
