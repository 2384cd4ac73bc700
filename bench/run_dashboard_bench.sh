#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The server's cost of feeding open dashboards (issue 9): `cityos serve --demo` with
# the simulator at DEMO_SPEED, then, for each N in CLIENTS, N live streams opened the
# way the dashboard opens them (GET /api/v1/live with the dashboard's types) for
# SECONDS; reports the server's CPU (user+system, share of one core), its RSS, and what
# the streams received (events and bytes per second per dashboard). Each N runs
# RUNS times, each on a fresh server; medians. The simulator's own writes are in every
# figure (N=0 is the base).
# Usage: bench/run_dashboard_bench.sh BUILD_DIR [OUT_DIR]
# The sim clock starts at DEMO_START, a weekday morning rush, so that the runs see
# the same busy hours whatever the time of day of the benchmark.
# Env: PORT (19031), DEMO_SPEED (10), DEMO_START (2026-11-25T07:30:00+09:00),
#      RUN_SECONDS (30), RUNS (3), CLIENTS ("0 1 10").
set -euo pipefail
build=$(cd "${1:?usage: run_dashboard_bench.sh BUILD_DIR [OUT_DIR]}" && pwd)
out=${2:-$build/bench-results}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
port=${PORT:-19031}
speed=${DEMO_SPEED:-10}
start=${DEMO_START:-2026-11-25T07:30:00+09:00}
secs=${RUN_SECONDS:-30}
runs=${RUNS:-3}
clients=${CLIENTS:-0 1 10}
types=Vehicle,DrtRequest,WaterObserved,Alert,OffStreetParking,ParkingSpot,CrowdFlowObserved,PeopleCounter,KeyPerformanceIndicator,Shelter,EvacuationShelter,PointOfInterest
mkdir -p "$out"
data=$(mktemp -d)
summary=$out/dashboard-summary.txt
: >"$summary"
log() { echo "$*" | tee -a "$summary"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
ticks=$(getconf CLK_TCK)

cd "$here/.."  # --demo finds data/muroran and web/dist here
server=
# A fresh demo city for each run, so that every run sees the same sim hours.
start_server() {
  rm -rf "$data" && mkdir -p "$data"
  "$build/src/app/cityos" serve --demo --demo-speed "$speed" --demo-start "$start" --data "$data" \
    --listen "127.0.0.1:$port" --log-level warn >>"$out/dashboard-server.log" 2>&1 &
  server=$!
  for _ in $(seq 300); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
    sleep 0.1
  done
  sleep 5  # the first simulator steps (buses appear)
}
stop_server() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap 'stop_server; rm -rf "$data"' EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }

log "# dashboard feed benchmark $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD), demo speed $speed from $start, ${secs} s per run, load $(cut -d' ' -f1-3 /proc/loadavg)"
log "clients  server_cpu_%_of_core  rss_MiB  events/s_per_dashboard  KiB/s_per_dashboard"
for n in $clients; do
  cpu_runs=(); ev_runs=(); kb_runs=(); rss=0
  for r in $(seq "$runs"); do
    start_server
    pids=()
    for c in $(seq "$n"); do
      curl -sN "http://127.0.0.1:$port/api/v1/live?types=$types" -o "$out/live-$n-$r-$c.txt" &
      pids+=($!)
    done
    sleep 1  # streams open and the first snapshot is sent
    t0=$(cpu_ticks)
    s0=0
    for c in $(seq "$n"); do s0=$((s0 + $(stat -c %s "$out/live-$n-$r-$c.txt"))); done
    e0=0
    for c in $(seq "$n"); do e0=$((e0 + $(grep -c '^data:' "$out/live-$n-$r-$c.txt" || true))); done
    sleep "$secs"
    t1=$(cpu_ticks)
    s1=0; e1=0
    for c in $(seq "$n"); do
      s1=$((s1 + $(stat -c %s "$out/live-$n-$r-$c.txt")))
      e1=$((e1 + $(grep -c '^data:' "$out/live-$n-$r-$c.txt" || true)))
    done
    rss=$(rss_kib)
    for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done
    if [ "${#pids[@]}" -gt 0 ]; then wait "${pids[@]}" 2>/dev/null || true; fi
    rm -f "$out"/live-"$n"-"$r"-*.txt
    stop_server
    cpu_runs+=("$(awk -v a="$t0" -v b="$t1" -v t="$ticks" -v s="$secs" 'BEGIN {printf "%.1f", (b - a) / t / s * 100}')")
    if [ "$n" -gt 0 ]; then
      ev_runs+=("$(awk -v a="$e0" -v b="$e1" -v n="$n" -v s="$secs" 'BEGIN {printf "%.1f", (b - a) / n / s}')")
      kb_runs+=("$(awk -v a="$s0" -v b="$s1" -v n="$n" -v s="$secs" 'BEGIN {printf "%.1f", (b - a) / n / s / 1024}')")
    else
      ev_runs+=(0); kb_runs+=(0)
    fi
  done
  log "$n  $(printf '%s\n' "${cpu_runs[@]}" | median) (${cpu_runs[*]})  $((rss / 1024))  $(printf '%s\n' "${ev_runs[@]}" | median)  $(printf '%s\n' "${kb_runs[@]}" | median)"
done
