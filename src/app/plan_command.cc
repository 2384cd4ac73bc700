// SPDX-License-Identifier: Apache-2.0
#include "app/plan_command.h"

#include "common/json.h"
#include "mobility/journeys/itinerary_text.h"
#include "mobility/journeys/journey_json.h"
#include "mobility/journeys/journey_planner.h"
#include "mobility/journeys/realtime_poller.h"

namespace cityos::app {

namespace journeys = mobility::journeys;

void add_plan_command(CLI::App& cli, plan_settings& s) {
  auto* cmd = cli.add_subcommand("plan", "Plan a journey on a GTFS / GTFS-JP feed and print the itineraries");
  cmd->add_option("--gtfs", s.gtfs, "Feed folder or .zip")->required();
  cmd->add_option("--from", s.from, "Origin: lat,lon or stop:STOP_ID")->required();
  cmd->add_option("--to", s.to, "Destination: lat,lon or stop:STOP_ID")->required();
  cmd->add_option("--time", s.time, "Local date-time of the feed's timezone, YYYY-MM-DDTHH:MM[:SS]")->required();
  cmd->add_flag("--arrive-by", s.arrive_by, "--time is the latest arrival, not the departure");
  cmd->add_option("--max-transfers", s.max_transfers, "Most transfers (0..8)")->capture_default_str();
  cmd->add_option("--max-walk", s.max_walk, "Metres to walk to the first and from the last stop (default 1000)");
  cmd->add_option("--max-transfer-walk", s.max_transfer_walk, "Metres of one walk between stops (default 400)");
  cmd->add_flag("--wheelchair", s.wheelchair, "Step-free trips and stops only");
  cmd->add_flag("--no-fares", s.no_fares, "Leave the fare out of the Pareto set (faster; fares still shown)");
  cmd->add_option("--realtime", s.realtime, "GTFS-Realtime TripUpdates to apply: file or http(s) URL");
  cmd->add_option("--utc-offset", s.utc_offset, "Feed local time minus UTC in seconds (for --realtime)")
      ->capture_default_str();
  cmd->add_option("--lang", s.lang, "Language of stop and route names (ja, en, ...)");
  cmd->add_flag("--json", s.json, "Print the JSON of GET /api/v1/plan");
}

int run_plan(plan_settings const& s, std::ostream& out, std::ostream& err) {
  journeys::plan_params params;
  params.from = s.from;
  params.to = s.to;
  params.time = s.time;
  params.arrive_by = s.arrive_by ? "true" : "false";
  params.max_transfers = std::to_string(s.max_transfers);
  if (!s.max_walk.empty()) params.max_walk = s.max_walk;
  if (!s.lang.empty()) params.lang = s.lang;
  if (!s.max_transfer_walk.empty()) params.max_transfer_walk = s.max_transfer_walk;
  params.wheelchair = s.wheelchair ? "true" : "false";
  params.fares = s.no_fares ? "false" : "true";
  auto request = journeys::make_plan_request(params);
  if (!request) {
    err << "error: " << request.err().detail << "\n";
    return 2;
  }
  auto planner = journeys::load_journey_planner(s.gtfs);
  if (!planner) {
    err << "cannot load feed: " << planner.err().detail << "\n";
    return 1;
  }
  if (!s.realtime.empty()) {
    journeys::realtime_source src{s.realtime, std::chrono::seconds(30), std::chrono::seconds(10), s.utc_offset};
    journeys::realtime_poller poller(**planner, src);
    auto applied = poller.poll_once();
    if (!applied) {
      err << "cannot apply real-time updates: " << applied.err().detail << "\n";
      return 1;
    }
    err << "real-time: " << applied->updated << " trips updated, " << applied->canceled << " canceled, "
        << applied->skipped_stops << " skipped stops\n";
  }
  auto plan = (*planner)->plan(*request);
  if (!plan) {
    err << "error: " << plan.err().detail << "\n";
    return 2;
  }
  if (s.json) {
    out << dump(journeys::plan_to_json(*plan)) << "\n";
  } else {
    journeys::write_plan_text(*plan, out);
  }
  return 0;
}

}  // namespace cityos::app
