// SPDX-License-Identifier: Apache-2.0
#include "iot/routes.h"

#include "iot/measure_handlers.h"
#include "iot/provision_handlers.h"

namespace cityos::iot {

void add_iot_routes(api::router& r, iot_service& s) {
  using req_t = api::http_request;
  using p_t = api::route_params;
  registry& reg = s.devices();
  ingester& in = s.measurements();

  r.add("GET", "/iot/services", [&reg](req_t& q, p_t const&) { return list_groups(reg, q); });
  r.add("POST", "/iot/services", [&reg](req_t& q, p_t const&) { return create_groups(reg, q); });
  r.add("PUT", "/iot/services", [&reg](req_t& q, p_t const&) { return update_group(reg, q); });
  r.add("DELETE", "/iot/services", [&reg](req_t& q, p_t const&) { return delete_group(reg, q); });

  std::string const device = "/iot/devices/{deviceId}";
  r.add("GET", "/iot/devices", [&reg](req_t& q, p_t const&) { return list_devices(reg, q); });
  r.add("POST", "/iot/devices", [&reg](req_t& q, p_t const&) { return create_devices(reg, q); });
  r.add("GET", device, [&reg](req_t& q, p_t const& p) { return get_device(reg, q, p["deviceId"]); });
  r.add("PUT", device, [&reg](req_t& q, p_t const& p) { return update_device(reg, q, p["deviceId"]); });
  r.add("DELETE", device, [&reg](req_t& q, p_t const& p) { return delete_device(reg, q, p["deviceId"]); });

  r.add("POST", "/iot/json", [&in](req_t& q, p_t const&) { return post_json_measures(in, q); });
  r.add("POST", "/iot/d", [&in](req_t& q, p_t const&) { return post_ul_measures(in, q); });
  r.add("GET", "/iot/d", [&in](req_t& q, p_t const&) { return get_ul_measures(in, q); });
}

}  // namespace cityos::iot
