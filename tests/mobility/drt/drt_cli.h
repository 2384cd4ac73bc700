// SPDX-License-Identifier: Apache-2.0
// Test helper: runs `cityos drt ARGS...` in process and captures its output.
#pragma once

#include <string>
#include <vector>

#include "../../cli_runner.h"
#include "app/drt_command.h"

namespace cityos::app::testing {

// Runs `cityos drt ...`; exit code, standard output and error in `out` and `err`.
inline int run_drt_cli(std::vector<std::string> args, std::string& out, std::string& err) {
  return cityos::testing::run_cli<drt_settings>(
      "drt", std::move(args), add_drt_command,
      [](drt_settings const& s, std::ostream& o, std::ostream& e) { return run_drt(s, o, e); }, out, err);
}

}  // namespace cityos::app::testing
