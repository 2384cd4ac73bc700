// SPDX-License-Identifier: Apache-2.0
// Test helper: runs `cityos keys ARGS...` in process and captures its output.
#pragma once

#include <string>
#include <vector>

#include "../cli_runner.h"
#include "app/keys_command.h"

namespace cityos::app::testing {

// Runs `cityos keys ...` at time `now`; exit code, standard output and error in `out` and `err`.
inline int run_keys_cli(std::vector<std::string> args, epoch_ms now, std::string& out, std::string& err) {
  return cityos::testing::run_cli<keys_settings>(
      "keys", std::move(args), add_keys_command,
      [now](keys_settings const& s, std::ostream& o, std::ostream& e) { return run_keys(s, o, e, now); }, out, err);
}

}  // namespace cityos::app::testing
