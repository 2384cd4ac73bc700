// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt/solver.h"

#include "mobility/drt/detail/alns.h"
#include "mobility/drt/route_eval.h"

namespace cityos::mobility::drt {

solution solve(problem const& p, solve_options const& options) {
  route_evaluator ev(p);
  detail::alns engine(ev, options);
  return engine.run();
}

}  // namespace cityos::mobility::drt
