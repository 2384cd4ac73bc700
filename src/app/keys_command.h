// SPDX-License-Identifier: Apache-2.0
// `cityos keys ...`: administration of API keys (issue 6, auth/api_keys.h),
// kept in DATA/auth/keys.json beside the store `cityos serve --data DATA` uses.
//   cityos keys create --tenant T --role reader|writer|admin [--types a,b]
//       [--id-pattern RE]... [--expires ISO-DATE-TIME|DATE|DURATION] [--description D] [--data DIR]
//   cityos keys list [--data DIR]
//   cityos keys revoke ID [--data DIR]
// create prints the key once; only its hash is stored. A running server sees
// the change when it reloads the key file.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/time.h"

namespace cityos::app {

struct keys_settings {
  std::string command;               // the subcommand given: "create", "list", "revoke"
  std::string data_dir = "cityos-data";
  // create
  std::string tenant;                // "" default tenant, "*" every tenant
  std::string role;                  // reader | writer | admin
  std::vector<std::string> types;    // empty: all entity types
  std::vector<std::string> id_patterns;
  std::string expires;               // ISO 8601 date-time or date, or a duration from now (P90D)
  std::string description;
  // revoke
  std::string id;
};

// Adds `keys` with its subcommands, options bound to `s`.
void add_keys_command(CLI::App& cli, keys_settings& s);
// Runs the subcommand named by s.command at time `now`; output to `out`,
// errors to `err`. Returns 0 on success, 1 if the key store refused (unknown
// id, invalid grant), 2 for bad arguments or an unreadable / unwritable key file.
int run_keys(keys_settings const& s, std::ostream& out, std::ostream& err, epoch_ms now);
inline int run_keys(keys_settings const& s, std::ostream& out, std::ostream& err) {
  return run_keys(s, out, err, now_ms());
}

}  // namespace cityos::app
