// SPDX-License-Identifier: Apache-2.0
// The write operations of the SQLite history, run on its writer thread inside
// the batch transaction (see history.h for their contracts and errors). Each
// checks before it writes, so a failed one leaves the database unchanged.
#pragma once

#include <string>
#include <vector>

#include "store/history/change_diff.h"
#include "store/history/detail/history_schema.h"

namespace cityos::store::detail {

using writer = sqlite_history::writer;

result<void> apply_record(writer& w, change_record const& rec);
result<bool> add_instances(writer& w, std::string const& tenant, std::string const& id,
                           std::vector<std::string> const& types,
                           std::vector<instance_input> instances, bool create, epoch_ms now);
result<void> delete_entity(writer& w, std::string const& tenant, std::string const& id);
result<void> delete_attribute(writer& w, std::string const& tenant, std::string const& id,
                              std::string const& attr, std::string const& dataset_id, bool all);
result<void> delete_instance(writer& w, std::string const& tenant, std::string const& id,
                             std::string const& attr, std::string const& instance_id);
result<void> patch_instance(writer& w, std::string const& tenant, std::string const& id,
                            std::string const& attr, std::string const& instance_id,
                            json::object const& body, epoch_ms now);
// Writes the next entity number and instance id to meta if either was given
// since the last call; run in each transaction before its COMMIT. Errors:
// internal.
result<void> save_counters(writer& w);
// Removes instances with modifiedAt < cutoff; returns how many.
result<std::size_t> purge(writer& w, epoch_ms cutoff);

}  // namespace cityos::store::detail
