// SPDX-License-Identifier: Apache-2.0
// A store seen through one caller's access (access_policy.h), for one request:
// reads return only what the caller may read (an entity it may not read does
// not exist for it: get() gives nullptr, queries and counts leave it out),
// writes of entities it may not write fail with forbidden (or not_found when
// it may not even read the entity, so existence never leaks). Every accepted
// write and every read of personal data is recorded in the audit log.
// Documents, the change feed and tenant lists pass through unchanged.
// Holds references only: lives on the request's stack.
#pragma once

#include "auth/access_policy.h"
#include "store/store.h"

namespace cityos::auth {

namespace sto = ::cityos::store;

class guarded_store final : public sto::store {
 public:
  guarded_store(sto::store& inner, access const& who) : inner_(inner), who_(who) {}

  sto::entity_ptr get(std::string_view tenant, std::string_view id) const override;
  result<sto::query_result> query(std::string_view tenant, sto::entity_query const& q) const override;
  void scan(std::string_view tenant, std::function<bool(json::object const&)> const& fn) const override;
  result<sto::commit_seq> modify(std::string_view tenant, std::string_view id,
                                   sto::mutate_fn const& fn) override;
  sto::commit_seq modify_batch(std::string_view tenant, std::vector<sto::batch_item> const& items,
                                 std::vector<result<void>>& results) override;
  void add_change_listener(sto::change_listener listener) override;
  void add_change_pacer(std::function<void()> pace) override { inner_.add_change_pacer(std::move(pace)); }
  std::vector<std::string> tenants() const override { return inner_.tenants(); }
  bool has_tenant(std::string_view tenant) const override { return inner_.has_tenant(tenant); }
  std::size_t entity_count(std::string_view tenant) const override { return inner_.entity_count(tenant); }
  sto::commit_seq put_document(std::string_view collection, std::string_view key, json::value doc) override {
    return inner_.put_document(collection, key, std::move(doc));
  }
  sto::commit_seq erase_document(std::string_view collection, std::string_view key) override {
    return inner_.erase_document(collection, key);
  }
  std::optional<json::value> get_document(std::string_view collection, std::string_view key) const override {
    return inner_.get_document(collection, key);
  }
  std::vector<std::pair<std::string, json::value>> documents(std::string_view collection) const override {
    return inner_.documents(collection);
  }
  sto::commit_seq durable_seq() const override { return inner_.durable_seq(); }
  void on_durable(sto::commit_seq seq, std::function<void()> done) override {
    inner_.on_durable(seq, std::move(done));
  }
  void flush() override { inner_.flush(); }

 private:
  // What a guarded mutation did, for the audit record.
  struct outcome {
    std::string action;  // "" : nothing written
  };
  sto::mutate_fn guard(std::string_view tenant, sto::mutate_fn const& fn, outcome& out) const;

  sto::store& inner_;
  access const& who_;
};

}  // namespace cityos::auth
