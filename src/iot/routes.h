// SPDX-License-Identifier: Apache-2.0
// Registers the IoT Agent routes (/iot/services, /iot/devices, /iot/json,
// /iot/d) on a router. The only file that knows the URL layout of /iot.
#pragma once

#include "api/router.h"
#include "iot/iot_service.h"

namespace cityos::iot {

// Adds the routes; `s` must outlive `r`.
void add_iot_routes(api::router& r, iot_service& s);

}  // namespace cityos::iot
