// SPDX-License-Identifier: Apache-2.0
// The dispatcher's static solver on benchmark instances (issue 5): solves
// every instance named on the command line, checks each solution with the
// independent checker and prints vehicles and distance against the best known
// (Li & Lim tables.csv, when given), the gap, the time used and the verdict,
// then a summary. Usage:
//   drt_bench --format lilim|cordeau [--bks tables.csv] [--time-limit S] [--seed N] FILE...
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "mobility/drt/checker.h"
#include "mobility/drt/instance_reader.h"
#include "mobility/drt/solver.h"

namespace drt = cityos::mobility::drt;

namespace {

struct best_known {
  int vehicles = 0;
  double distance = 0;
};

// tables.csv: benchmark,clients,instance,when,routes,distance,...
std::map<std::string, best_known> read_bks(std::string const& path) {
  std::map<std::string, best_known> out;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    if (f.size() >= 6) out[f[2]] = {std::atoi(f[4].c_str()), std::atof(f[5].c_str())};
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string format = "lilim", bks_path;
  drt::solve_options opt;
  opt.time_limit = 3;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string const a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--format") format = next();
    else if (a == "--bks") bks_path = next();
    else if (a == "--time-limit") opt.time_limit = std::atof(next().c_str());
    else if (a == "--seed") opt.seed = std::strtoull(next().c_str(), nullptr, 10);
    else files.push_back(a);
  }
  opt.minimize_vehicles = format != "cordeau";
  auto const bks = bks_path.empty() ? std::map<std::string, best_known>{} : read_bks(bks_path);
  std::printf("%-10s %4s %10s %4s %10s %7s %6s %s\n", "instance", "veh", "distance", "bksV", "bksD", "gap%", "time", "check");
  int n = 0, at_bks = 0, feasible = 0, compared = 0;
  double gap_sum = 0;
  for (auto const& f : files) {
    auto const name = std::filesystem::path(f).stem().string();
    auto p = drt::read_instance(f, format);
    if (!p) {
      std::printf("%-10s read error: %s\n", name.c_str(), p.err().detail.c_str());
      continue;
    }
    auto const t0 = std::chrono::steady_clock::now();
    auto const s = drt::solve(*p, opt);
    std::chrono::duration<double> const used = std::chrono::steady_clock::now() - t0;
    auto const rep = drt::check_solution(*p, s);
    ++n;
    feasible += rep.feasible() && s.unserved.empty();
    auto const it = bks.find(name);
    double gap = 0;
    if (it != bks.end()) {
      gap = 100 * (rep.total_distance - it->second.distance) / it->second.distance;
      bool const same = static_cast<int>(rep.vehicles_used) == it->second.vehicles;
      at_bks += same && s.unserved.empty();
      if (same) gap_sum += gap, ++compared;
    }
    std::printf("%-10s %4zu %10.2f %4d %10.2f %7.2f %6.2f %s%s\n", name.c_str(), rep.vehicles_used, rep.total_distance,
                it != bks.end() ? it->second.vehicles : 0, it != bks.end() ? it->second.distance : 0.0, gap,
                used.count(), rep.feasible() ? "feasible" : "INFEASIBLE",
                s.unserved.empty() ? "" : (" unserved=" + std::to_string(s.unserved.size())).c_str());
    std::fflush(stdout);
  }
  std::printf("instances %d, feasible with all served %d", n, feasible);
  if (!bks.empty())
    std::printf(", at best-known vehicles %d (%.1f %%), average gap at equal vehicles %.2f %% (%d instances)", at_bks,
                n ? 100.0 * at_bks / n : 0.0, compared ? gap_sum / compared : 0.0, compared);
  std::printf("\n");
  return feasible == n ? 0 : 1;
}
