#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Flood-watch benchmarks (issue 8), 10,000 gauges reporting once a minute:
#  1. cost per reading in process (core, river_watch, store writes, the service);
#  2. reading-to-alert-notification latency against `cityos serve --flood-watch`
#     (a fresh server and data dir on disk per run), readings at gauges/60 per second.
# Each RUNS times; the medians are taken by hand from the RESULT lines.
# Usage: bench/run_flood_bench.sh BUILD_DIR [OUT_DIR]
# Env: PORT (19041), RUNS (3), GAUGES (10000), COST_MINUTES (90), LATENCY_MINUTES (5), ONLY (cost|latency).
set -euo pipefail
build=$(cd "${1:?usage: run_flood_bench.sh BUILD_DIR [OUT_DIR]}" && pwd)
out=${2:-$build/bench-results}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
port=${PORT:-19041}
runs=${RUNS:-3}
gauges=${GAUGES:-10000}
fb=$build/bench/flood_watch_bench
mkdir -p "$out"
summary=$out/flood-summary.txt
: >"$summary"
log() { echo "$*" | tee -a "$summary"; }

log "# flood-watch benchmarks $(date -u +%FT%TZ), commit $(git -C "$here/.." rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ ${ONLY:-} != latency ]]; then
  for r in $(seq "$runs"); do
    log "== 1. cost, run $r"
    "$fb" cost --gauges "$gauges" --minutes "${COST_MINUTES:-90}" | tee -a "$summary"
  done
fi
[[ ${ONLY:-} == cost ]] && exit 0

"$fb" config --gauges "$gauges" --out "$out/flood-watch-bench.json"
for r in $(seq "$runs"); do
  log "== 2. latency, run $r (load $(cut -d' ' -f1-3 /proc/loadavg))"
  rm -rf "$out/flood-data"
  "$build/src/app/cityos" serve --data "$out/flood-data" --listen "127.0.0.1:$port" --threads 2 --log-level warn \
    --flood-watch "$out/flood-watch-bench.json" >"$out/flood-server-$r.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 300); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
    sleep 0.1
  done
  "$fb" latency --port "$port" --gauges "$gauges" --minutes "${LATENCY_MINUTES:-5}" | tee -a "$summary" || true
  log "server: $(curl -s "http://127.0.0.1:$port/metrics" | grep -E '^notifications_total' | tr '\n' ' ')"
  kill "$server"
  wait "$server" 2>/dev/null || true
done
rm -rf "$out/flood-data"
log "# done"
