// SPDX-License-Identifier: Apache-2.0
// The `cityos` command: parses the command line and runs a subcommand.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/drt_command.h"
#include "app/flood_command.h"
#include "app/gtfs_command.h"
#include "app/keys_command.h"
#include "app/plan_command.h"
#include "app/points_command.h"
#include "app/serve_command.h"

int main(int argc, char** argv) {
  CLI::App cli{"CityOS: a City OS (都市OS) data platform with an NGSI-LD context broker"};
  cli.require_subcommand(1);
  cityos::app::serve_settings serve;
  cityos::app::add_serve_command(cli, serve);
  cityos::app::gtfs_settings gtfs;
  cityos::app::add_gtfs_command(cli, gtfs);
  cityos::app::drt_settings drt;
  cityos::app::add_drt_command(cli, drt);
  cityos::app::flood_settings flood;
  cityos::app::add_flood_command(cli, flood);
  cityos::app::plan_settings plan;
  cityos::app::add_plan_command(cli, plan);
  cityos::app::keys_settings keys;
  cityos::app::add_keys_command(cli, keys);
  cityos::app::points_settings points;
  cityos::app::add_points_command(cli, points);
  CLI11_PARSE(cli, argc, argv);
  if (cli.got_subcommand("serve")) return cityos::app::run_serve(serve);
  if (cli.got_subcommand("plan")) return cityos::app::run_plan(plan, std::cout, std::cerr);
  if (cli.got_subcommand("drt")) return cityos::app::run_drt(drt, std::cout, std::cerr);
  if (cli.got_subcommand("flood")) return cityos::app::run_flood(flood, std::cout, std::cerr);
  if (cli.got_subcommand("keys")) return cityos::app::run_keys(keys, std::cout, std::cerr);
  if (cli.got_subcommand("points")) return cityos::app::run_points(points, std::cout, std::cerr);
  if (cli.got_subcommand("gtfs")) return cityos::app::run_gtfs(gtfs, std::cout, std::cerr);
  return 0;
}
