// SPDX-License-Identifier: Apache-2.0
// The provisioned service groups and devices, kept in memory for the
// measurement path and persisted as store documents (collections
// "iot_services" and "iot_devices"), so they survive restarts. Thread-safe:
// lookups share a reader lock; changes take the writer lock.
//
// Uniqueness: a group by (apikey, resource) over all services (MQTT topics
// carry only the apikey); a device by (service, service path, device_id).
#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "iot/provisioning.h"
#include "store/store.h"

namespace cityos::iot {

using group_ptr = std::shared_ptr<service_group const>;
using device_ptr = std::shared_ptr<device const>;

// The device a measurement belongs to; the pointers stay valid while held,
// even if the device or group is changed or removed meanwhile.
struct resolved_device {
  device_ptr dev;
  group_ptr group;           // null if the device has no group
  bool created = false;      // autoprovisioned by this lookup
  store::commit_seq seq = 0; // of the autoprovisioned device document
};

struct device_page {
  std::size_t total = 0;
  std::vector<device> devices;
};

class registry {
 public:
  static constexpr std::string_view kGroups = "iot_services";
  static constexpr std::string_view kDevices = "iot_devices";

  // Loads the stored groups and devices of `s` (invalid documents are logged
  // and skipped). `s` must outlive the registry.
  explicit registry(store::store& s);

  // Adds groups, all or none. Returns the seq making them durable.
  // Errors: already_exists (apikey + resource taken, or twice in `groups`).
  result<store::commit_seq> add_groups(std::vector<service_group> groups);
  // Groups of `scope` (service path "/#": all paths), by apikey, then resource.
  std::vector<service_group> groups(fiware_scope const& scope) const;
  // PUT /iot/services?resource=&apikey=. Errors: not_found, bad_request.
  result<store::commit_seq> update_group(fiware_scope const& scope, std::string_view resource,
                                         std::string_view apikey, json::value const& changes);
  // Errors: not_found.
  result<store::commit_seq> remove_group(fiware_scope const& scope, std::string_view resource,
                                         std::string_view apikey);

  // Validates and adds devices (POST /iot/devices "devices"), all or none.
  // Errors: bad_request (a device is invalid), already_exists.
  result<store::commit_seq> add_devices(json::array const& devices, fiware_scope const& scope);
  // Devices of `scope` in key order, `offset`/`limit` applied, and their total.
  device_page devices(fiware_scope const& scope, std::size_t offset, std::size_t limit) const;
  // Errors: not_found.
  result<device> get_device(fiware_scope const& scope, std::string_view device_id) const;
  // Errors: not_found, bad_request.
  result<store::commit_seq> update_device(fiware_scope const& scope, std::string_view device_id,
                                          json::value const& changes);
  // Errors: not_found.
  result<store::commit_seq> remove_device(fiware_scope const& scope, std::string_view device_id);

  // The device measured as `device_id` with `apikey` arriving on `resource`
  // ("/iot/json", "/iot/d"; "" for MQTT). Creates it in an autoprovisioning
  // group. Errors: not_found (unknown apikey, or unknown device and no
  // autoprovisioning), internal (autoprovisioned device invalid).
  result<resolved_device> resolve(std::string_view apikey, std::string_view device_id,
                                  std::string_view resource);

 private:
  group_ptr find_group(std::string_view apikey, std::string_view resource) const;  // REQUIRES: mutex_
  device_ptr find_device(std::string_view apikey, group_ptr const& g,
                         std::string_view device_id) const;  // REQUIRES: mutex_
  store::commit_seq put_device(device d);  // REQUIRES: mutex_ held exclusively
  void index_device(device_ptr d);         // REQUIRES: mutex_ held exclusively
  void unindex_device(device const& d);    // REQUIRES: mutex_ held exclusively

  store::store& store_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, group_ptr> groups_;    // guarded by mutex_; group key -> group
  std::map<std::string, device_ptr> devices_;  // guarded by mutex_; device key -> device
  // guarded by mutex_; "apikey|device_id" -> device, for devices with their own apikey
  std::map<std::string, device_ptr> by_apikey_;
};

}  // namespace cityos::iot
