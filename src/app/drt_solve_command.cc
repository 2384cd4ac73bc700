// SPDX-License-Identifier: Apache-2.0
// `cityos drt solve`: read an instance, solve it, check and write the solution.
#include <chrono>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "app/drt_command.h"
#include "mobility/drt/checker.h"
#include "mobility/drt/instance_reader.h"
#include "mobility/drt/solution_file.h"
#include "mobility/drt/solver.h"

namespace cityos::app {

int run_drt_solve(drt_settings const& s, std::ostream& out, std::ostream& err) {
  namespace drt = mobility::drt;
  auto p = drt::read_instance(s.instance, s.format);
  if (!p) {
    err << "cannot read instance: " << p.err().detail << "\n";
    return 2;
  }
  std::ofstream file(s.out);  // opened first: fail before a long search
  if (!file) {
    err << "cannot write " << s.out << "\n";
    return 2;
  }
  drt::solve_options opt;
  opt.time_limit = s.time_limit;
  opt.seed = s.seed;
  opt.minimize_vehicles = s.format != "cordeau";  // DARP: served requests, then distance
  if (s.progress)
    opt.on_progress = [&err](drt::solve_progress const& pr) {
      err << std::fixed << std::setprecision(2) << pr.elapsed << " s, iteration " << pr.iterations << ": "
          << pr.vehicles << " vehicles, distance " << pr.distance << ", unserved " << pr.unserved << "\n";
    };
  auto const t0 = std::chrono::steady_clock::now();
  auto const sol = drt::solve(*p, opt);
  std::chrono::duration<double> const used = std::chrono::steady_clock::now() - t0;
  auto const report = drt::check_solution(*p, sol);

  std::ostringstream dist;
  dist << std::fixed << std::setprecision(4) << report.total_distance;
  drt::write_solution(file, *p, sol,
                      {{"Instance name", p->name}, {"Authors", "CityOS drt solve (ALNS)"},
                       {"Reference", "seed " + std::to_string(s.seed)}, {"Distance", dist.str()}});
  file.close();
  if (!file) {
    err << "cannot write " << s.out << "\n";
    return 2;
  }
  out << std::fixed << std::setprecision(2) << "instance " << p->name << ": " << p->requests.size()
      << " requests, " << p->vehicles.size() << " vehicles available\n"
      << "vehicles used " << report.vehicles_used << ", distance " << report.total_distance << ", unserved "
      << sol.unserved.size() << ", time used " << used.count() << " s\n"
      << "checker: " << (report.feasible() ? "feasible" : "INFEASIBLE") << "\n";
  for (auto const& v : report.violations) out << "  " << drt::kind_name(v.kind) << ": " << v.message << "\n";
  out << "solution written to " << s.out << "\n";
  return report.feasible() && sol.unserved.empty() ? 0 : 1;
}

}  // namespace cityos::app
