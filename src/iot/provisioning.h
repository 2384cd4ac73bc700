// SPDX-License-Identifier: Apache-2.0
// The FIWARE IoT Agent provisioning model (iotagent-node-lib API): service
// groups (config groups) and devices, their validation from request JSON and
// their JSON form (the same for API responses and stored documents). Pure
// functions; thread-safe.
//
// Tenancy: `service` is the fiware-service header, lower-cased, and is the
// NGSI-LD tenant the entities are written to ("" = the default tenant);
// `service_path` is the fiware-servicepath ("/" when absent), kept with groups
// and devices to filter listings (NGSI-LD entities have no service path).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/result.h"

namespace cityos::iot {

// One measure -> attribute mapping: payload key `object_id` becomes entity
// attribute `name` (a term, expanded with the NGSI-LD core @context) of IoT
// Agent type `type` ("Number", "Integer", "Boolean", "Text", "geo:point",
// "geo:json", "GeoProperty", "Relationship", "DateTime", ...).
struct attribute_mapping {
  std::string object_id;  // empty: the payload key is `name`
  std::string name;
  std::string type;
  std::string unit_code;  // UN/CEFACT code ("CEL"); from "unitCode" or metadata.unitCode.value
};

// An attribute the entity always carries, not reported by the device.
struct static_attribute {
  std::string name;
  std::string type;
  json::value value;
};

struct service_group {
  std::string service;       // tenant
  std::string service_path;  // "/..."
  std::string apikey;
  std::string resource;      // "/iot/json", "/iot/d"; "" matches any
  std::string entity_type;
  std::vector<attribute_mapping> attributes;
  std::vector<static_attribute> static_attributes;
  bool autoprovision = true;    // unknown devices are created on their first measure
  bool explicit_attrs = false;  // measures without a mapping are dropped
  json::object extra;           // other members, kept and returned as given
};

struct device {
  std::string service;
  std::string service_path;
  std::string device_id;
  std::string apikey;       // "" : the group's is used
  std::string entity_name;  // entity id (a URI); default urn:ngsi-ld:<type>:<device_id>
  std::string entity_type;
  std::vector<attribute_mapping> attributes;
  std::vector<static_attribute> static_attributes;
  std::optional<bool> explicit_attrs;  // unset: the group's
  json::object extra;
};

// The tenant and service path of a provisioning request.
struct fiware_scope {
  std::string service;
  std::string service_path = "/";
};

// Reads and validates fiware-service (1-64 of [A-Za-z0-9_.-], lower-cased) and
// fiware-servicepath ("/" or "/a/b", components of [A-Za-z0-9_-]; "/*" and
// "/#" only when `allow_wildcard`, meaning every path). Errors: bad_request.
result<fiware_scope> make_scope(std::string const* service, std::string const* service_path,
                                bool allow_wildcard);

// Validates one element of POST /iot/services "services". Errors: bad_request
// naming the member (missing apikey or entity_type, malformed attributes, ...).
result<service_group> parse_service_group(json::value const& v, fiware_scope const& scope);
// Applies the members of a PUT /iot/services body to `g`; service, path,
// apikey and resource stay. Errors: bad_request.
result<service_group> update_service_group(service_group g, json::value const& changes);
json::object to_json(service_group const& g);

// Validates one element of POST /iot/devices "devices" (device_id without
// / + # ? & or whitespace; entity_name a URI). A missing entity_type is taken
// from `default_type` and a missing entity_name derived from it.
// Errors: bad_request naming the member.
result<device> parse_device(json::value const& v, fiware_scope const& scope,
                            std::string_view default_type);
// Applies the members of a PUT /iot/devices/{id} body to `d`; device_id,
// service and path stay. Errors: bad_request.
result<device> update_device(device d, json::value const& changes);
json::object to_json(device const& d);

// The entity id IoT Agents give a device's entity: urn:ngsi-ld:<type>:<device_id>.
std::string default_entity_name(std::string_view entity_type, std::string_view device_id);

}  // namespace cityos::iot
