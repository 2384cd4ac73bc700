// SPDX-License-Identifier: Apache-2.0
// The safety services of one instance (issue 8): the shelter directory (always:
// GET /api/v1/safety/shelters), the flood watch (--flood-watch FILE) and
// watch-over (--watch-over FILE); the routes of a service not configured answer 503.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_set>

#include "api/router.h"
#include "app/instance.h"
#include "common/result.h"
#include "common/time.h"
#include "safety/flood_watch/flood_watch.h"
#include "safety/shelters/shelter_directory.h"
#include "safety/watch_over/watch_over.h"
#include "store/store.h"

namespace cityos::app {

struct safety_services {
  std::unique_ptr<safety::shelters::shelter_directory> shelters;  // read by flood_watch: destroyed last
  std::unique_ptr<safety::flood_watch::flood_watch> flood_watch;  // null: no --flood-watch
  std::unique_ptr<safety::watch_over::watch_over> watch_over;     // null: no --watch-over

  // Stops the services that publish (watch-over, then the flood watch); nothing is published after.
  void stop() {
    watch_over.reset();
    flood_watch.reset();
  }
};

// The entities whose history the platform must not keep: the location tags of
// the persons --watch-over watches (their positions are kept only for the
// configured retention). Empty without --watch-over or when its file does not
// load (start_safety then reports the error).
std::unordered_set<std::string> entities_without_history(instance_options const& opt);

// Starts the services of `opt` on `st` (before the store is shared between threads)
// and adds their routes to `router`; `clock` is their "now". Errors: a configuration
// file's (prefixed with its path), the store's.
result<void> start_safety(safety_services& s, instance_options const& opt, store::store& st, api::router& router,
                          std::function<epoch_ms()> const& clock);

}  // namespace cityos::app
