// SPDX-License-Identifier: Apache-2.0
#include "app/ridership_kpis.h"

#include <spdlog/spdlog.h>

namespace cityos::app {

result<void> start_ridership(std::unique_ptr<mobility::ridership::ridership_service>& out,
                             instance_options const& opt, store::store& st, std::function<epoch_ms()> const& clock) {
  if (!opt.demo && !opt.ridership_kpis) return {};
  mobility::ridership::ridership_settings settings;
  settings.utc_offset_s = opt.ridership_utc_offset;
  auto service = std::make_unique<mobility::ridership::ridership_service>(st, clock, std::move(settings));
  if (auto r = service->start(); !r) return r;
  out = std::move(service);
  spdlog::info("ridership: publishing transit and on-demand KPIs (UTC{:+}h days)", opt.ridership_utc_offset / 3600.0);
  return {};
}

}  // namespace cityos::app
