#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Subscription benchmarks against `cityos serve` (durable, data dir on disk):
#  1. write-to-receipt notification latency at 1,000 writes/s with 1,000
#     active subscriptions (one per written entity);
#  2. PATCH throughput (wrk -t2 -c50, medians of RUNS runs) with 0, 100 and
#     10,000 subscriptions; 1,000 of them watch the written entities, so with
#     10,000 every write notifies a sink.
# Usage: bench/run_notification_bench.sh BUILD_DIR [OUT_DIR]
# Env: PORT (19027), SINK_PORT (19028), RUNS (3), DURATION (10s).
set -euo pipefail
build=$(cd "${1:?usage: run_notification_bench.sh BUILD_DIR [OUT_DIR]}" && pwd)
out=${2:-$build/bench-results}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
port=${PORT:-19027}
sink_port=${SINK_PORT:-19028}
runs=${RUNS:-3}
duration=${DURATION:-10s}
nb=$build/bench/notification_bench
mkdir -p "$out"
data=$out/notify-data
rm -rf "$data"
summary=$out/notification-summary.txt
: >"$summary"
log() { echo "$*" | tee -a "$summary"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

"$build/src/app/cityos" serve --data "$data" --listen "127.0.0.1:$port" --log-level warn \
  >"$out/notify-server.log" 2>&1 &
server=$!
"$nb" sink --listen-port "$sink_port" --seconds 100000 >"$out/sink.log" 2>&1 &
sink=$!
trap 'kill $server $sink 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.1
done

log "# notification benchmarks $(date -u +%FT%TZ), commit $(git -C "$here/.." rev-parse --short HEAD)"
log "== 1. latency: 1,000 subscriptions, 1,000 writes/s for 10 s"
"$nb" latency --port "$port" --subs 1000 --rate 1000 --seconds 10 | tee -a "$summary"
"$nb" unsubscribe --port "$port" >/dev/null

log "== 2. PATCH throughput vs subscriptions (wrk -t2 -c50 -d$duration, median of $runs)"
"$build/bench/ngsild_load" --port "$port" --type Car --prefix p --count 1000 --connections 2 >/dev/null
for n in 0 100 10000; do
  [[ $n -gt 0 ]] && "$nb" subscribe --port "$port" --count "$n" --match 1000 \
    --endpoint "http://127.0.0.1:$sink_port/n" >/dev/null
  before=$(tail -1 "$out/sink.log" | sed -n 's/.*notifications=\([0-9]*\).*/\1/p')
  rps=()
  for _ in $(seq "$runs"); do
    r=$(wrk -t2 -c50 -d"$duration" -s "$here/wrk/patch.lua" "http://127.0.0.1:$port" |
      sed -n 's/^RESULT rps=\([0-9.]*\).*/\1/p')
    rps+=("$r")
  done
  sleep 3
  after=$(tail -1 "$out/sink.log" | sed -n 's/.*notifications=\([0-9]*\).*/\1/p')
  dropped=$(curl -s "http://127.0.0.1:$port/metrics" | sed -n 's/^notifications_total{outcome="dropped"} //p')
  log "SUBS=$n PATCH_RPS_MEDIAN=$(printf '%s\n' "${rps[@]}" | median) runs=${rps[*]} notifications_received=$((${after:-0} - ${before:-0})) dropped_total=$dropped"
  [[ $n -gt 0 ]] && "$nb" unsubscribe --port "$port" >/dev/null
done
log "# done"
