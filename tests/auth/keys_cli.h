// SPDX-License-Identifier: Apache-2.0
// Test helper: runs `cityos keys ARGS...` in process and captures its output.
#pragma once

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "app/keys_command.h"

namespace cityos::app::testing {

// Parses `args` as the command line `cityos keys ...`, runs it at time `now`,
// and returns its exit code with standard output and error in `out` and `err`.
inline int run_keys_cli(std::vector<std::string> args, epoch_ms now, std::string& out,
                        std::string& err) {
  CLI::App cli;
  keys_settings s;
  add_keys_command(cli, s);
  args.insert(args.begin(), "keys");
  std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
  cli.parse(args);
  std::ostringstream o, e;
  int const rc = run_keys(s, o, e, now);
  out = o.str();
  err = e.str();
  return rc;
}

}  // namespace cityos::app::testing
