// SPDX-License-Identifier: Apache-2.0
// Test helper: runs `cityos drt ARGS...` in process and captures its output.
#pragma once

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "app/drt_command.h"

namespace cityos::app::testing {

// Parses `args` as the command line `cityos drt ...`, runs it, and returns its
// exit code with standard output and error in `out` and `err`.
inline int run_drt_cli(std::vector<std::string> args, std::string& out, std::string& err) {
  CLI::App cli;
  drt_settings s;
  add_drt_command(cli, s);
  args.insert(args.begin(), "drt");
  std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
  cli.parse(args);
  std::ostringstream o, e;
  int const rc = run_drt(s, o, e);
  out = o.str();
  err = e.str();
  return rc;
}

}  // namespace cityos::app::testing
