// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/detail/alns.h"

#include <algorithm>
#include <cmath>

namespace cityos::mobility::drt::detail {
namespace {

constexpr double score_best = 33, score_better = 9, score_accepted = 13;
constexpr double reaction = 0.1;
constexpr std::uint64_t segment = 100;
constexpr double cycle_target = 5000;  // iterations per annealing cycle of the distance phase, about
// An elimination attempt (guided ejection search) gives up after this share
// of the budget: the time is better spent on distance.
constexpr double elimination_patience = 0.15;
// In the distance phase after route elimination, a repair that leaves at most
// this many requests out is followed by ejection insertions (4 per request).
constexpr std::size_t ejection_repair_limit = 3;
constexpr std::array<std::uint32_t, 4> regret_of = {1, 2, 3, 1000000};

}  // namespace

alns::alns(route_evaluator const& ev, solve_options const& options)
    : ev_(ev),
      opt_(options),
      rng_(options.seed),
      groups_(vehicle_groups(ev.prob())),
      ins_(ev, groups_),
      rem_(ev),
      ejector_(ev),
      removal_w_(removal_kinds, 1),
      insertion_w_(insertion_kinds, 1),
      noise_w_(2, 1),
      removal_s_(removal_kinds, 0),
      insertion_s_(insertion_kinds, 0),
      noise_s_(2, 0),
      removal_n_(removal_kinds, 0),
      insertion_n_(insertion_kinds, 0),
      noise_n_(2, 0) {
  auto const& p = ev.prob();
  for (auto const& n : p.nodes)
    for (auto const& m : p.nodes) max_dist_ = std::max(max_dist_, p.travel.d(n.location, m.location));
}

double alns::fraction() const {
  bool const timed = opt_.time_limit > 0 && std::isfinite(opt_.time_limit);
  if (!timed && opt_.max_iterations == 0) return 1;  // no budget: construction only
  double f = 0;
  if (timed) {
    std::chrono::duration<double> const e = std::chrono::steady_clock::now() - start_;
    f = e.count() / opt_.time_limit;
  }
  if (opt_.max_iterations > 0)
    f = std::max(f, static_cast<double>(iterations_) / static_cast<double>(opt_.max_iterations));
  return f;
}

double alns::cost(working_solution const& ws, double penalty) const {
  return ws.distance() + penalty * static_cast<double>(ws.bank.size());
}

std::size_t alns::spin(std::vector<double> const& weights) {
  double sum = 0;
  for (auto w : weights) sum += w;
  double x = std::uniform_real_distribution<double>(0, sum)(rng_);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return weights.size() - 1;
}

void alns::update_weights() {
  auto upd = [](std::vector<double>& w, std::vector<double>& s, std::vector<std::uint32_t>& n) {
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (n[i] > 0) w[i] = std::max(0.05, w[i] * (1 - reaction) + reaction * s[i] / n[i]);
      s[i] = 0;
      n[i] = 0;
    }
  };
  upd(removal_w_, removal_s_, removal_n_);
  upd(insertion_w_, insertion_s_, insertion_n_);
  upd(noise_w_, noise_s_, noise_n_);
}

bool alns::iterate(working_solution& cur, working_solution& best, double temperature, double penalty,
                   bool by_vehicles) {
  ++iterations_;
  cand_ = cur;
  auto const rk = spin(removal_w_), ik = spin(insertion_w_), nk = spin(noise_w_);
  auto const n = ev_.prob().requests.size();
  auto const hi = std::max<std::size_t>(std::min<std::size_t>(4, n), std::min<std::size_t>(100, static_cast<std::size_t>(0.4 * static_cast<double>(n))));
  auto const lo = std::min<std::size_t>(4, hi);
  auto const q = std::uniform_int_distribution<std::size_t>(lo, hi)(rng_);
  rem_.run(cand_, static_cast<removal_kind>(rk), q, rng_);
  ins_.run(cand_, {regret_of[ik], nk == 1 ? 0.025 * max_dist_ : 0}, rng_);
  // at a tight vehicle count the repair often leaves a request or two out:
  // place them by ejecting others
  if (repair_limit_ > 0 && !cand_.bank.empty() && cand_.bank.size() <= repair_limit_)
    ejector_.repair(cand_, 4 * cand_.bank.size());

  double score = 0;
  bool improved = false;
  bool const unseen = seen_.insert(fingerprint(cand_)).second;
  double const c_new = cost(cand_, penalty), c_cur = cost(cur, penalty);
  if (better(cand_, best, by_vehicles)) {
    best = cand_;
    improved = true;
    score = score_best;
  }
  bool accept = c_new < c_cur - 1e-9;
  if (accept) {
    if (!improved && unseen) score = score_better;
  } else if (temperature > 0 &&
             std::uniform_real_distribution<double>(0, 1)(rng_) < std::exp(-(c_new - c_cur) / temperature)) {
    accept = true;
    if (!improved && unseen) score = score_accepted;
  }
  if (accept) std::swap(cur, cand_);
  removal_s_[rk] += score, insertion_s_[ik] += score, noise_s_[nk] += score;
  ++removal_n_[rk], ++insertion_n_[ik], ++noise_n_[nk];
  if (iterations_ % segment == 0) update_weights();
  return improved;
}

void alns::report() {
  if (!opt_.on_progress) return;
  std::chrono::duration<double> const e = std::chrono::steady_clock::now() - start_;
  opt_.on_progress({iterations_, best_.used_routes(), static_cast<std::uint32_t>(best_.bank.size()),
                    best_.distance(), e.count()});
}

void alns::eliminate_routes() {
  // Guided ejection search: counts one iteration per step, so that an
  // iteration limit bounds it too.
  double attempt_start = 0;
  auto const stop = [&] {
    ++iterations_;
    double const f = fraction();
    return f >= opt_.vehicle_phase_share || f - attempt_start >= elimination_patience;
  };
  while (fraction() < opt_.vehicle_phase_share && best_.bank.empty() && best_.used_routes() > 1) {
    attempt_start = fraction();
    working_solution cur = best_;
    // drop the route with the fewest stops
    std::uint32_t drop = 0;
    std::size_t fewest = SIZE_MAX;
    for (std::uint32_t v = 0; v < cur.routes.size(); ++v)
      if (!cur.routes[v].empty() && cur.routes[v].size() < fewest) fewest = cur.routes[v].size(), drop = v;
    std::vector<std::uint32_t> reqs;
    for (auto nd : cur.routes[drop].stops)
      if (ev_.prob().nodes[nd].kind == node_kind::pickup) reqs.push_back(ev_.prob().nodes[nd].request);
    for (auto r : reqs) remove_request(ev_, cur, r);
    cur.max_routes = best_.used_routes() - 1;
    if (!ejector_.run(cur, stop, rng_)) return;
    best_ = cur;
    report();
  }
}

double alns::anneal_cycle() const {
  // the rate of this phase's iterations (elimination steps are not comparable)
  double const f = fraction();
  double const left = std::max(0.0, 1 - f);
  auto const done = iterations_ - phase_iterations_;
  double const spent = f - phase_start_;
  if (done < 500 || spent <= 0) return std::max(left, 1e-9);  // rate unknown: one cycle
  double const iterations_left = static_cast<double>(done) / spent * left;
  double const cycles = std::max(1.0, std::round(iterations_left / cycle_target));
  return std::max(left / cycles, 1e-9);
}

void alns::improve_distance() {
  // served requests come first: a bank request costs more than any detour
  double const penalty = opt_.minimize_vehicles ? 2 * max_dist_ : 10 * max_dist_;
  working_solution cur = best_;
  if (opt_.minimize_vehicles && best_.bank.empty()) cur.max_routes = best_.used_routes();
  // Annealing in cycles of about cycle_target iterations, each from the best
  // solution: one long anneal tends to settle in the same deep local optimum.
  // After route elimination the first cycle is a probe of 500 iterations that
  // measures the rate; without it (Cordeau), a single cycle.
  phase_start_ = fraction();
  phase_iterations_ = iterations_;
  bool probing = opt_.minimize_vehicles;
  if (opt_.minimize_vehicles && best_.bank.empty()) repair_limit_ = ejection_repair_limit;
  double cycle_start = fraction(), cycle_length = anneal_cycle();
  double t0 = std::max(1e-3, 0.05 * cur.distance() / std::log(2.0));
  while (!out_of_budget()) {
    double f = (fraction() - cycle_start) / cycle_length;
    if (f >= 1 || (probing && iterations_ - phase_iterations_ >= 500)) {
      probing = false;
      cur = best_;
      t0 = std::max(1e-3, 0.05 * cur.distance() / std::log(2.0));
      cycle_start = fraction();
      cycle_length = anneal_cycle();
      f = 0;
    }
    double const temperature = t0 * std::pow(0.002, f);
    if (iterate(cur, best_, temperature, penalty, opt_.minimize_vehicles)) report();
  }
}

solution alns::run() {
  start_ = std::chrono::steady_clock::now();
  best_ = empty_solution(ev_);
  ins_.run(best_, {2, 0}, rng_);
  report();
  if (best_.bank.size() == ev_.prob().requests.size()) return to_solution(best_, groups_);  // nothing to improve
  if (opt_.minimize_vehicles) eliminate_routes();
  improve_distance();
  report();
  return to_solution(best_, groups_);
}

}  // namespace cityos::mobility::drt::detail
