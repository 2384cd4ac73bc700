// SPDX-License-Identifier: Apache-2.0
// Handlers of the southbound HTTP measurement endpoints of the IoT Agents:
// POST /iot/json?k=APIKEY&i=DEVICEID (iotagent-json) and POST /iot/d?k=&i=
// (iotagent-ul; also GET /iot/d?k=&i=&d=PAYLOAD). An optional `t` parameter is
// the observation time of measures without a TimeInstant. They answer 200
// once the update is durable. Errors: bad_request (missing k/i, bad payload),
// invalid_request (malformed JSON), not_found (unknown apikey or device).
#pragma once

#include "api/http/message.h"
#include "common/result.h"
#include "iot/ingester.h"

namespace cityos::iot {

result<api::http_response> post_json_measures(ingester& in, api::http_request const& req);
result<api::http_response> post_ul_measures(ingester& in, api::http_request const& req);
result<api::http_response> get_ul_measures(ingester& in, api::http_request const& req);

}  // namespace cityos::iot
