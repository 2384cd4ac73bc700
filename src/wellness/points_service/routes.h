// SPDX-License-Identifier: Apache-2.0
// Registers the health-points routes on a router; the only file that knows
// the URL layout of /api/v1/points and who may call what:
//   POST /api/v1/points/participants              enrol {"person", "age", "ward"}      subject or writer
//   GET  /api/v1/points/participants/{person}     the profile                         subject or consented
//   POST /api/v1/points/uploads/steps             a day's steps                       subject or writer
//   POST /api/v1/points/uploads/steps/batch       up to 1,000 uploads -> results in order  each: subject or writer
//   POST /api/v1/points/uploads/events            an event (check-in, check-up, ride) subject or writer
//   GET  /api/v1/points/participants/{person}/balance|history|uploads|receipts         subject or consented
//   POST /api/v1/points/redeem                    spend points -> receipt             subject or writer
//   GET  /api/v1/points/review                    flagged days                        admin (reviewer)
//   POST /api/v1/points/review/{person}/{date}    {"decision": "approve"|"reject"}    admin (reviewer)
//   POST /api/v1/points/adjust                    a manual correction                 admin
//   POST /api/v1/points/expire                    expire what is due now              admin
//   GET  /api/v1/points/ledger/verify             re-derive every balance             admin
//   GET  /api/v1/points/kpis                      aggregates (published as entities)  reader
// "Subject" is a token whose sub is the person; "consented" the subject or a
// caller the person consented to for type HealthPoints (consents API); roles
// are those of the default tenant. Reads of a person's data by others and
// every write are audited. With access control off, everyone may do all.
// With no service (no --points-programme) every route answers 503.
#pragma once

#include <functional>

#include "api/router.h"
#include "common/json.h"
#include "wellness/points_service/points_service.h"

namespace cityos::wellness::points_service {

// The KPI document for the query's period ("from", "to"), made by the caller.
using kpi_fn = std::function<result<json::object>(std::string const& from, std::string const& to)>;

// `s` may be null; if not, it must outlive `r`. `kpis` may be empty (503).
void add_points_routes(api::router& r, points_service* s, kpi_fn kpis);

}  // namespace cityos::wellness::points_service
