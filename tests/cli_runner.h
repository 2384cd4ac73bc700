// SPDX-License-Identifier: Apache-2.0
// Test helper: runs one `cityos COMMAND ARGS...` subcommand in process (its
// add_*_command and run_* functions) and captures its output.
#pragma once

#include <algorithm>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace cityos::testing {

// Parses `args` as `cityos <command> ...` with `add(cli, settings)`, runs
// `run(settings, out, err)`, and returns its exit code with standard output
// and error in `out` and `err`.
template <typename Settings, typename Add, typename Run>
int run_cli(std::string command, std::vector<std::string> args, Add add, Run run, std::string& out,
            std::string& err) {
  CLI::App cli;
  Settings s;
  add(cli, s);
  args.insert(args.begin(), std::move(command));
  std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
  cli.parse(args);
  std::ostringstream o, e;
  int const rc = run(s, o, e);
  out = o.str();
  err = e.str();
  return rc;
}

}  // namespace cityos::testing
