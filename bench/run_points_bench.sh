#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Health points (issue 7): 100,000 participants each upload one day of steps
# (24 hourly samples) in one burst. Each run starts a fresh durable server
# (`cityos serve --data TMP --points-preset sapporo_2026`), enrols everyone,
# runs the burst from CONNECTIONS keep-alive connections (bench/points_load),
# then balance queries from 4 connections; medians of RUNS runs.
# Usage: bench/run_points_bench.sh BUILD_DIR [OUT_DIR]
# Env: PORT (19041), RUNS (5), PERSONS (100000), CONNECTIONS (8), SERVER_THREADS (2),
#      PRESET (sapporo_2026), SERVE_ARGS (extra serve options, e.g. --fsync),
#      BATCH (1; N > 1: uploads sent N per request to /api/v1/points/uploads/steps/batch).
set -euo pipefail
build=$(cd "${1:?usage: run_points_bench.sh BUILD_DIR [OUT_DIR]}" && pwd)
out=${2:-$build/points-bench}
cityos=$build/src/app/cityos
load=$build/bench/points_load
port=${PORT:-19041}
runs=${RUNS:-5}
persons=${PERSONS:-100000}
connections=${CONNECTIONS:-8}
threads=${SERVER_THREADS:-2}
preset=${PRESET:-sapporo_2026}
rm -rf "$out" && mkdir -p "$out"
pid=

start() {  # $1 data dir
  # shellcheck disable=SC2086
  "$cityos" serve --data "$1" --listen "127.0.0.1:$port" --threads "$threads" --log-level warn \
    --points-preset "$preset" ${SERVE_ARGS:-} >>"$out/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    curl -s -o /dev/null "http://127.0.0.1:$port/health" && return 0
    sleep 0.05
  done
  echo "server did not start; see $out/server.log" >&2
  exit 1
}
stop() {
  if [[ -n $pid ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=
  fi
}
trap stop EXIT
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

for r in $(seq 1 "$runs"); do
  start "$out/data-$r"
  "$load" --port "$port" --persons "$persons" --connections "$connections" --batch "${BATCH:-1}" | tee "$out/run-$r.txt"
  line=$(grep '^RESULT' "$out/run-$r.txt")
  [[ $line == *"errors=0"* ]] || { echo "errors in run $r: $line" >&2; exit 1; }
  echo "$r $line" >>"$out/runs.txt"
  stop
  du -sh "$out/data-$r" | awk '{print "store size: " $1}'
  rm -rf "$out/data-$r"
done

field() { sed -E "s/.*$1=([0-9.]+).*/\\1/" "$out/runs.txt" | median; }
echo "== medians of $runs runs ($persons participants, $connections connections, server threads $threads)"
echo "enrolments/s      $(field enrol_per_s)"
echo "uploads/s         $(field uploads_per_s)   (durable: answered after the group commit)"
echo "awards/s          $(field awards_per_s)"
echo "balance p50 (ms)  $(field balance_p50_ms)"
echo "balance p99 (ms)  $(field balance_p99_ms)"
