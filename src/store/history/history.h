// SPDX-License-Identifier: Apache-2.0
// The history contract (NGSI-LD temporal representation of entities, GS CIM
// 009 v1.9.1 4.5.7 / 5.7): every recorded attribute instance of every entity,
// kept beside the current state of store.h, per tenant. Engines: sqlite/.
//
// Writes go through one writer in call order: enqueue() (from the store's
// change feed, never blocks) and the synchronous write calls below. Every
// query sees all writes enqueued or made before it started.
// Durability: like the entity store, a write survives a process kill once it
// is committed (the writer commits each batch at once; no power-loss fsync).
//
// Thread safety: all member functions may be called from any thread.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/duration.h"
#include "common/json.h"
#include "common/result.h"
#include "common/time.h"
#include "store/history/aggregation.h"
#include "store/store.h"

namespace cityos::store {

// The time an instance is placed at by a temporal query (`timeproperty`).
enum class time_property { observed_at, created_at, modified_at };

// One recorded attribute instance.
struct history_instance {
  std::string instance_id;  // "urn:ngsi-ld:Instance:<n>", unique in the store
  std::string dataset_id;   // "" for the default instance
  json::object body;        // stored form of the instance (stored_entity.h)
  epoch_ms observed_at = 0; // observedAt, else modifiedAt
  epoch_ms created_at = 0;
  epoch_ms modified_at = 0;
  std::optional<epoch_ms> deleted_at;  // set: a deletion marker (value "urn:ngsi-ld:null")

  // The instance's time for `tp`.
  epoch_ms time(time_property tp) const {
    return tp == time_property::observed_at  ? observed_at
           : tp == time_property::created_at ? created_at
                                             : modified_at;
  }
};

// Aggregated values of one (attribute, datasetId) series, one bucket each.
struct history_aggregate {
  std::string dataset_id;
  std::string type;  // attribute type ("Property", ...) of the latest instance
  std::vector<aggregate_bucket> buckets;
};

struct history_attribute {
  std::string iri;
  std::vector<history_instance> instances;   // ascending time (not with aggregation)
  std::vector<history_aggregate> aggregates; // with aggregation only
  // More instances matched than history_query::max_instances.
  bool truncated = false;
};

// What the history knows of an entity (without instances).
struct history_entity_info {
  std::string id;
  std::vector<std::string> types;  // expanded IRIs
  epoch_ms created_at = 0;
  epoch_ms modified_at = 0;
  std::optional<epoch_ms> deleted_at;  // the entity was deleted from the current state
};

struct history_entity {
  history_entity_info info;
  std::vector<history_attribute> attributes;  // attribute IRI order
};

struct history_query {
  std::string tenant;
  std::vector<std::string> ids;  // exact entity ids; empty: any
  // Further filter on candidates (types, idPattern, ...); thread-safe; may be empty.
  std::function<bool(history_entity_info const&)> predicate;
  std::vector<std::string> attrs;  // expanded attribute IRIs; empty: all
  time_property timeprop = time_property::observed_at;
  std::optional<epoch_ms> from;  // instances with time >= from
  std::optional<epoch_ms> to;    // instances with time < to
  std::size_t last_n = 0;        // > 0: only the last n instances per attribute
  // Per attribute: instances beyond this many are cut (history_attribute::truncated);
  // the earliest are kept, or the latest with last_n.
  std::size_t max_instances = 1000;
  std::optional<aggregation_spec> aggregation;  // set: buckets instead of instances
  // Entities matching, in ascending id order, paged.
  std::size_t offset = 0;
  std::size_t limit = 20;
  bool count = false;
};

struct history_page {
  std::vector<history_entity> entities;
  std::optional<std::size_t> total;  // with history_query::count
};

// An attribute instance to add through the temporal API.
struct instance_input {
  std::string attribute;  // expanded IRI
  json::object body;      // stored form; observedAt/createdAt/modifiedAt ISO strings
};

class history_store {
 public:
  virtual ~history_store() = default;

  // Queues the attribute instances that `changes` created, changed or deleted
  // (see change_diff.h). They are found on the calling thread, before return:
  // nothing queued refers to the changes' entities, which the caller frees
  // (while they are still in its cache, not later on the history's writer).
  // Never blocks on the writer: safe under the entity store's write lock (the
  // history's writer never takes it).
  virtual void enqueue(std::vector<entity_change> const& changes) = 0;
  // Blocks while the history is far behind (backpressure, so the queue stays
  // bounded). Writers call it after enqueue(), outside the store's lock (a
  // store pacer, store.h), so that readers never wait for the history.
  virtual void wait_for_room() = 0;

  // Adds instances to entity `id` (types `types` are added to the entity's).
  // Creates the temporal entity if `create` and it does not exist. Returns
  // true if it was created. Errors: not_found (no such entity, !create).
  virtual result<bool> add_instances(std::string const& tenant, std::string const& id,
                                     std::vector<std::string> const& types,
                                     std::vector<instance_input> instances, bool create,
                                     epoch_ms now) = 0;
  // Removes the whole history of an entity. Errors: not_found.
  virtual result<void> delete_entity(std::string const& tenant, std::string const& id) = 0;
  // Removes the instances of an attribute: those of `dataset_id` ("" default),
  // or all if `all`. Errors: not_found (entity, attribute or no such instance).
  virtual result<void> delete_attribute(std::string const& tenant, std::string const& id,
                                        std::string const& attr, std::string const& dataset_id,
                                        bool all) = 0;
  // Removes one instance. Errors: not_found.
  virtual result<void> delete_instance(std::string const& tenant, std::string const& id,
                                       std::string const& attr,
                                       std::string const& instance_id) = 0;
  // Replaces the members of one instance by those of `body` (others kept),
  // sets its modifiedAt to `now`. Errors: not_found.
  virtual result<void> patch_instance(std::string const& tenant, std::string const& id,
                                      std::string const& attr, std::string const& instance_id,
                                      json::object const& body, epoch_ms now) = 0;
  // Removes instances recorded (modifiedAt) before `cutoff`; returns how many.
  virtual std::size_t purge_before(epoch_ms cutoff) = 0;

  // Runs `q`. Errors: bad_request (aggregation over a calendar period with
  // too many buckets), internal (database error).
  virtual result<history_page> query(history_query const& q) const = 0;
  // The entity `id`, or nullopt.
  virtual std::optional<history_entity_info> entity(std::string const& tenant,
                                                    std::string const& id) const = 0;
  // Blocks until every write enqueued so far is committed.
  virtual void flush() = 0;
};

}  // namespace cityos::store
