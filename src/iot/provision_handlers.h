// SPDX-License-Identifier: Apache-2.0
// Handlers of the IoT Agent provisioning API (iotagent-node-lib): /iot/services
// (service groups) and /iot/devices, scoped by the fiware-service (NGSI-LD
// tenant) and fiware-servicepath headers. Plain functions of (registry,
// request), testable without a socket. Errors become ProblemDetails through
// the router: bad_request/invalid_request 400, not_found 404, already_exists 409.
#pragma once

#include <string_view>

#include "api/http/message.h"
#include "common/result.h"
#include "iot/registry.h"

namespace cityos::iot {

// GET /iot/services -> 200 {"count", "services"}.
result<api::http_response> list_groups(registry const& r, api::http_request const& req);
// POST /iot/services {"services": [...]} -> 201.
result<api::http_response> create_groups(registry& r, api::http_request const& req);
// PUT /iot/services?apikey=&resource= -> 204.
result<api::http_response> update_group(registry& r, api::http_request const& req);
// DELETE /iot/services?apikey=&resource= -> 204.
result<api::http_response> delete_group(registry& r, api::http_request const& req);

// GET /iot/devices?limit=&offset= -> 200 {"count", "devices"}.
result<api::http_response> list_devices(registry const& r, api::http_request const& req);
// POST /iot/devices {"devices": [...]} -> 201.
result<api::http_response> create_devices(registry& r, api::http_request const& req);
// GET /iot/devices/{deviceId} -> 200 device.
result<api::http_response> get_device(registry const& r, api::http_request const& req,
                                      std::string_view device_id);
// PUT /iot/devices/{deviceId} -> 204.
result<api::http_response> update_device(registry& r, api::http_request const& req,
                                         std::string_view device_id);
// DELETE /iot/devices/{deviceId} -> 204.
result<api::http_response> delete_device(registry& r, api::http_request const& req,
                                         std::string_view device_id);

}  // namespace cityos::iot
