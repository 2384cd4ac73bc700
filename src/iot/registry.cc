// SPDX-License-Identifier: Apache-2.0
#include "iot/registry.h"

#include <mutex>
#include <set>

#include <spdlog/spdlog.h>

namespace cityos::iot {

namespace {

std::string group_key(std::string_view service, std::string_view path, std::string_view resource,
                      std::string_view apikey) {
  return std::string(service) + "|" + std::string(path) + "|" + std::string(apikey) + "|" +
         std::string(resource);
}
std::string group_key(service_group const& g) {
  return group_key(g.service, g.service_path, g.resource, g.apikey);
}
std::string device_key(std::string_view service, std::string_view path, std::string_view id) {
  return std::string(service) + "|" + std::string(path) + "|" + std::string(id);
}
std::string device_key(device const& d) { return device_key(d.service, d.service_path, d.device_id); }
std::string apikey_key(std::string_view apikey, std::string_view id) {
  return std::string(apikey) + "|" + std::string(id);
}

bool in_scope(fiware_scope const& scope, std::string const& service, std::string const& path) {
  return service == scope.service && (scope.service_path == "/#" || path == scope.service_path);
}

fiware_scope scope_of(json::value const& doc) {
  fiware_scope s;
  if (!doc.is_object()) return s;
  if (auto const* v = doc.get_object().if_contains("service"); v && v->is_string()) s.service = v->get_string();
  if (auto const* v = doc.get_object().if_contains("service_path"); v && v->is_string()) {
    s.service_path = v->get_string();
  }
  return s;
}

error not_found_group(std::string_view resource, std::string_view apikey) {
  return make_error(error_code::not_found, "no service group with apikey '" + std::string(apikey) +
                                               "' and resource '" + std::string(resource) + "'");
}
error not_found_device(std::string_view id) {
  return make_error(error_code::not_found, "device '" + std::string(id) + "' not found");
}

}  // namespace

registry::registry(store::store& s) : store_(s) {
  for (auto const& [key, doc] : store_.documents(kGroups)) {
    auto g = parse_service_group(doc, scope_of(doc));
    if (!g) {
      spdlog::warn("iot: skipping stored service group '{}': {}", key, g.err().detail);
      continue;
    }
    groups_[group_key(*g)] = std::make_shared<service_group const>(std::move(*g));
  }
  for (auto const& [key, doc] : store_.documents(kDevices)) {
    auto d = parse_device(doc, scope_of(doc), "Thing");
    if (!d) {
      spdlog::warn("iot: skipping stored device '{}': {}", key, d.err().detail);
      continue;
    }
    index_device(std::make_shared<device const>(std::move(*d)));
  }
}

result<store::commit_seq> registry::add_groups(std::vector<service_group> groups) {
  std::unique_lock lock(mutex_);
  std::set<std::string> taken;  // "resource|apikey" over all services
  for (auto const& [k, g] : groups_) taken.insert(g->resource + "|" + g->apikey);
  for (auto const& g : groups) {
    if (!taken.insert(g.resource + "|" + g.apikey).second) {
      return make_error(error_code::already_exists, "a service group with apikey '" + g.apikey +
                                                        "' and resource '" + g.resource +
                                                        "' already exists");
    }
  }
  store::commit_seq seq = 0;
  for (auto& g : groups) {
    std::string key = group_key(g);
    seq = store_.put_document(kGroups, key, to_json(g));
    groups_[std::move(key)] = std::make_shared<service_group const>(std::move(g));
  }
  return seq;
}

std::vector<service_group> registry::groups(fiware_scope const& scope) const {
  std::shared_lock lock(mutex_);
  std::vector<service_group> out;
  for (auto const& [k, g] : groups_) {
    if (in_scope(scope, g->service, g->service_path)) out.push_back(*g);
  }
  return out;
}

result<store::commit_seq> registry::update_group(fiware_scope const& scope, std::string_view resource,
                                                 std::string_view apikey, json::value const& changes) {
  std::unique_lock lock(mutex_);
  auto it = groups_.find(group_key(scope.service, scope.service_path, resource, apikey));
  if (it == groups_.end()) return not_found_group(resource, apikey);
  auto updated = update_service_group(*it->second, changes);
  if (!updated) return std::move(updated).err();
  auto const seq = store_.put_document(kGroups, it->first, to_json(*updated));
  it->second = std::make_shared<service_group const>(std::move(*updated));
  return seq;
}

result<store::commit_seq> registry::remove_group(fiware_scope const& scope, std::string_view resource,
                                                 std::string_view apikey) {
  std::unique_lock lock(mutex_);
  auto it = groups_.find(group_key(scope.service, scope.service_path, resource, apikey));
  if (it == groups_.end()) return not_found_group(resource, apikey);
  auto const seq = store_.erase_document(kGroups, it->first);
  groups_.erase(it);
  return seq;
}

result<store::commit_seq> registry::add_devices(json::array const& raw, fiware_scope const& scope) {
  std::unique_lock lock(mutex_);
  std::vector<device> parsed;
  std::set<std::string> keys;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    std::string default_type = "Thing";
    if (raw[i].is_object()) {
      auto const* k = raw[i].get_object().if_contains("apikey");
      group_ptr g = k && k->is_string() ? find_group(k->get_string(), "") : nullptr;
      if (g) default_type = g->entity_type;
    }
    auto d = parse_device(raw[i], scope, default_type);
    if (!d) return make_error(d.err().code, "devices[" + std::to_string(i) + "]: " + d.err().detail);
    std::string key = device_key(*d);
    if (devices_.contains(key) || !keys.insert(key).second) {
      return make_error(error_code::already_exists, "device '" + d->device_id + "' already exists");
    }
    parsed.push_back(std::move(*d));
  }
  store::commit_seq seq = 0;
  for (auto& d : parsed) seq = put_device(std::move(d));
  return seq;
}

device_page registry::devices(fiware_scope const& scope, std::size_t offset, std::size_t limit) const {
  std::shared_lock lock(mutex_);
  device_page page;
  for (auto const& [k, d] : devices_) {
    if (!in_scope(scope, d->service, d->service_path)) continue;
    if (page.total++ >= offset && page.devices.size() < limit) page.devices.push_back(*d);
  }
  return page;
}

result<device> registry::get_device(fiware_scope const& scope, std::string_view device_id) const {
  std::shared_lock lock(mutex_);
  if (scope.service_path != "/#") {
    auto it = devices_.find(device_key(scope.service, scope.service_path, device_id));
    if (it == devices_.end()) return not_found_device(device_id);
    return *it->second;
  }
  for (auto const& [k, d] : devices_) {  // every service path: the first match
    if (d->device_id == device_id && in_scope(scope, d->service, d->service_path)) return *d;
  }
  return not_found_device(device_id);
}

result<store::commit_seq> registry::update_device(fiware_scope const& scope, std::string_view device_id,
                                                  json::value const& changes) {
  std::unique_lock lock(mutex_);
  auto it = devices_.find(device_key(scope.service, scope.service_path, device_id));
  if (it == devices_.end()) return not_found_device(device_id);
  auto updated = iot::update_device(*it->second, changes);
  if (!updated) return std::move(updated).err();
  device_ptr const old = it->second;  // keeps the device alive while unindexing
  unindex_device(*old);
  return put_device(std::move(*updated));
}

result<store::commit_seq> registry::remove_device(fiware_scope const& scope, std::string_view device_id) {
  std::unique_lock lock(mutex_);
  auto it = devices_.find(device_key(scope.service, scope.service_path, device_id));
  if (it == devices_.end()) return not_found_device(device_id);
  auto const seq = store_.erase_document(kDevices, it->first);
  device_ptr const old = it->second;  // keeps the device alive while unindexing
  unindex_device(*old);
  return seq;
}

result<resolved_device> registry::resolve(std::string_view apikey, std::string_view device_id,
                                          std::string_view resource) {
  {
    std::shared_lock lock(mutex_);
    group_ptr g = find_group(apikey, resource);
    if (auto d = find_device(apikey, g, device_id)) return resolved_device{std::move(d), std::move(g)};
    if (!g) {
      return make_error(error_code::not_found, "no service group or device with apikey '" +
                                                   std::string(apikey) + "'");
    }
    if (!g->autoprovision) {
      return make_error(error_code::not_found,
                        "device '" + std::string(device_id) + "' is not provisioned and the group of apikey '" +
                            std::string(apikey) + "' does not autoprovision");
    }
  }
  std::unique_lock lock(mutex_);
  group_ptr g = find_group(apikey, resource);
  if (!g) return make_error(error_code::not_found, "no service group with apikey '" + std::string(apikey) + "'");
  if (auto d = find_device(apikey, g, device_id)) return resolved_device{std::move(d), std::move(g)};
  json::object doc{{"device_id", device_id}};
  auto d = parse_device(doc, {g->service, g->service_path}, g->entity_type);
  if (!d) return make_error(error_code::bad_request, "cannot autoprovision: " + d.err().detail);
  auto const seq = put_device(std::move(*d));
  spdlog::info("iot: autoprovisioned device '{}' (apikey '{}', service '{}')", device_id, apikey, g->service);
  auto dev = devices_.at(device_key(g->service, g->service_path, device_id));
  return resolved_device{std::move(dev), std::move(g), true, seq};
}

group_ptr registry::find_group(std::string_view apikey, std::string_view resource) const {
  group_ptr any;
  for (auto const& [k, g] : groups_) {
    if (g->apikey != apikey) continue;
    if (g->resource == resource) return g;
    if (!any || g->resource.empty()) any = g;
  }
  return any;
}

device_ptr registry::find_device(std::string_view apikey, group_ptr const& g,
                                 std::string_view device_id) const {
  if (auto it = by_apikey_.find(apikey_key(apikey, device_id)); it != by_apikey_.end()) return it->second;
  if (!g) return nullptr;
  auto it = devices_.find(device_key(g->service, g->service_path, device_id));
  if (it == devices_.end() || (!it->second->apikey.empty() && it->second->apikey != apikey)) return nullptr;
  return it->second;
}

store::commit_seq registry::put_device(device d) {
  auto const seq = store_.put_document(kDevices, device_key(d), to_json(d));
  index_device(std::make_shared<device const>(std::move(d)));
  return seq;
}

void registry::index_device(device_ptr d) {
  if (!d->apikey.empty()) by_apikey_[apikey_key(d->apikey, d->device_id)] = d;
  devices_[device_key(*d)] = std::move(d);
}

void registry::unindex_device(device const& d) {
  if (!d.apikey.empty()) by_apikey_.erase(apikey_key(d.apikey, d.device_id));
  devices_.erase(device_key(d));
}

}  // namespace cityos::iot
