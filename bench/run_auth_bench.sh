#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The cost of access control (issue 6): wrk GET-by-id and PATCH throughput on
# 1,000 Car entities without access control, with an API key, and with an
# OpenID Connect token (RS256). Three servers run side by side, each on its
# own copy of the same data, and the runs are interleaved (none, key, jwt,
# none, ...) so that drift of the machine hits every mode alike; medians of
# RUNS runs and the ratios to "none". Usage: bench/run_auth_bench.sh BUILD_DIR [OUT_DIR]
# Env: PORT (19027: none; +1 key; +2 jwt), RUNS (5), DURATION (10s), SERVER_THREADS (2).
set -euo pipefail
build=$(cd "${1:?usage: run_auth_bench.sh BUILD_DIR [OUT_DIR]}" && pwd)
out=${2:-$build/auth-bench}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cityos=$build/src/app/cityos
port=${PORT:-19027}
runs=${RUNS:-5}
duration=${DURATION:-10s}
threads=${SERVER_THREADS:-2}
rm -rf "$out" && mkdir -p "$out"
pids=()

start() {  # $1 data dir, $2 port, then extra serve options
  local data=$1 p=$2
  shift 2
  "$cityos" serve --data "$data" --listen "127.0.0.1:$p" --threads "$threads" --log-level warn "$@" \
    >>"$out/server-$p.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do
    curl -s -o /dev/null "http://127.0.0.1:$p/health" && return 0
    sleep 0.05
  done
  echo "server on $p did not start; see $out/server-$p.log" >&2
  exit 1
}
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_all EXIT
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

# 1,000 Cars, loaded once while access control is off, copied for each server.
start "$out/loaded" "$port"
"$build/bench/ngsild_load" --port "$port" --type Car --prefix p --count 1000 --connections 2 >/dev/null
stop_all
for mode in none key jwt; do cp -a "$out/loaded" "$out/$mode"; done
setup=$("$build/bench/auth_setup" "$out/key" "$out")
key=$(awk '$1 == "KEY" {print $2}' <<<"$setup")
token=$(awk '$1 == "TOKEN" {print $2}' <<<"$setup")
cp -a "$out/key/auth" "$out/jwt/auth"
start "$out/none" "$port"
start "$out/key" $((port + 1)) --auth-config "$out/auth.json"
start "$out/jwt" $((port + 2)) --auth-config "$out/auth.json"

declare -A header=([none]="" [key]="X-API-Key: $key" [jwt]="Authorization: Bearer $token")
declare -A offset=([none]=0 [key]=1 [jwt]=2)
for scenario in get patch; do
  for r in $(seq 1 "$runs"); do
    for mode in none key jwt; do
      args=(-t2 -c50 -d"$duration" --latency -s "$here/wrk/$scenario.lua")
      [[ -n ${header[$mode]} ]] && args+=(-H "${header[$mode]}")
      line=$(wrk "${args[@]}" "http://127.0.0.1:$((port + offset[$mode]))" | grep '^RESULT')
      [[ $line == *"errors=0 "* ]] || { echo "errors in $mode $scenario: $line" >&2; exit 1; }
      echo "$scenario $mode $r $line" | tee -a "$out/runs.txt"
    done
  done
done
stop_all

echo "== median rps (p99 ms) of $runs interleaved runs; ratio to no access control"
for scenario in get patch; do
  line="$scenario"
  for mode in none key jwt; do
    rps=$(awk -v s="$scenario" -v m="$mode" '$1 == s && $2 == m' "$out/runs.txt" | sed -E 's/.*rps=([0-9.]+).*/\1/' | median)
    p99=$(awk -v s="$scenario" -v m="$mode" '$1 == s && $2 == m' "$out/runs.txt" | sed -E 's/.*p99_ms=([0-9.]+).*/\1/' | median)
    [[ $mode == none ]] && base=$rps
    line+=$(printf "  %s %8.0f (%5.2f ms, %.3f)" "$mode" "$rps" "$p99" "$(echo "$rps / $base" | bc -l)")
  done
  echo "$line"
done
