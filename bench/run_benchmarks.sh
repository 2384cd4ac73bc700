#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the CityOS benchmarks against `cityos serve` (durable: data dir on disk)
# and prints medians of 3 runs. Usage: bench/run_benchmarks.sh BUILD_DIR [OUT_DIR]
# Needs wrk and python3. Load comes from separate processes on loopback:
# wrk -t2 -c50 -d10s, and BUILD_DIR/bench/ngsild_load for loading data.
# Env: PORT (default 19026), RUNS (3), DURATION (10s), BULK_COUNT (1000000),
#      SERVER_THREADS (2), DATA_ROOT (default OUT_DIR/data; must be on disk),
#      SKIP_BULK=1 (only start-up empty, idle RSS and the wrk scenarios),
#      SERVER_ARGS (more `cityos serve` options, split at spaces, e.g. "--no-history").
set -euo pipefail
build=${1:?usage: run_benchmarks.sh BUILD_DIR [OUT_DIR]}
build=$(cd "$build" && pwd)
out=${2:-$build/bench-results}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cityos=$build/src/app/cityos
loader=$build/bench/ngsild_load
port=${PORT:-19026}
runs=${RUNS:-3}
duration=${DURATION:-10s}
bulk_count=${BULK_COUNT:-1000000}
server_threads=${SERVER_THREADS:-2}
data_root=${DATA_ROOT:-$out/data}
base=http://127.0.0.1:$port
mkdir -p "$out"
rm -rf "$data_root"
mkdir -p "$data_root"
summary=$out/summary.txt
: >"$summary"
server_pid=

log() { echo "$*" | tee -a "$summary"; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else print a[int((NR + 1) / 2)]}'; }

# Starts the server on data dir $1 (log $2); prints "PID MS" where MS is the
# time from exec until the port accepts a connection.
start_server() {
  python3 - "$cityos" "$1" "$port" "$server_threads" "$2" "${SERVER_ARGS:-}" <<'PY'
import socket, subprocess, sys, time
binary, data, port, threads, log, extra = sys.argv[1:7]
t0 = time.perf_counter()
p = subprocess.Popen([binary, "serve", "--data", data, "--listen", f"127.0.0.1:{port}",
                      "--threads", threads] + extra.split(), stdout=open(log, "ab"), stderr=subprocess.STDOUT,
                     start_new_session=True)
while True:
    if p.poll() is not None:
        sys.exit(f"server exited with {p.returncode}; see {log}")
    try:
        socket.create_connection(("127.0.0.1", int(port)), timeout=1).close()
        break
    except OSError:
        if time.perf_counter() - t0 > 120:
            p.kill()
            sys.exit("server did not listen within 120 s")
        time.sleep(0.0005)
print(p.pid, f"{(time.perf_counter() - t0) * 1000:.1f}")
PY
}

stop_server() {
  [[ -n $server_pid ]] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid"
  server_pid=
}
trap stop_server EXIT

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }

# Runs `start_server` $runs times on data dir $1 (stopping in between);
# prints the median start-up ms. Leaves no server running.
startup_median() {
  local ms=()
  for i in $(seq 1 "$runs"); do
    read -r server_pid t < <(start_server "$1" "$out/server.log")
    ms+=("$t")
    stop_server
  done
  echo "  start-up ms per run: ${ms[*]}" | tee -a "$summary" >&2
  printf '%s\n' "${ms[@]}" | median
}

# wrk_scenario NAME SCRIPT URL_PATH [SCRIPT_ARG] -> median rps, p50, p99, errors
wrk_scenario() {
  local name=$1 script=$2 path=$3 arg=${4:-}
  local rps=() p50=() p99=() errs=()
  for i in $(seq 1 "$runs"); do
    local res
    res=$(wrk -t2 -c50 -d"$duration" --latency -s "$here/wrk/$script" "$base$path" -- "$arg$i" |
          tee "$out/wrk-$name-$i.txt" | grep '^RESULT')
    rps+=("$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$res")")
    p50+=("$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$res")")
    p99+=("$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$res")")
    errs+=("$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$res")")
  done
  log "  $name runs: rps ${rps[*]} | p99 ms ${p99[*]} | errors ${errs[*]}"
  log "$(printf 'SCENARIO %-14s median_rps=%s p50_ms=%s p99_ms=%s errors_total=%s' "$name" \
    "$(printf '%s\n' "${rps[@]}" | median)" "$(printf '%s\n' "${p50[@]}" | median)" \
    "$(printf '%s\n' "${p99[@]}" | median)" "$(( ${errs[0]} + ${errs[1]:-0} + ${errs[2]:-0} ))")"
}

load() { "$loader" --port "$port" "$@" | tee -a "$summary"; }

log "# CityOS benchmarks $(date -u +%FT%TZ), commit $(git -C "$here/.." rev-parse --short HEAD)"
log "# server: $cityos serve --threads $server_threads (data on disk: $data_root)"

# 1. Start-up with an empty store, idle RSS.
log "== start-up, empty store"
log "STARTUP_EMPTY_MS $(startup_median "$data_root/empty")"
read -r server_pid _ < <(start_server "$data_root/empty" "$out/server.log")
sleep 2
log "RSS_IDLE_KIB $(rss_kib)"

# 2. Request scenarios (one server, data prepared first).
log "== preparing: 1,000 Car, 100 Vehicle, 100,000 Sensor entities"
load --type Car --prefix p --count 1000 --connections 2
load --type Vehicle --prefix v --count 100 --connections 1
load --type Sensor --prefix s --count 100000 --connections 4
# The history records the import behind it (up to 10,000 queued changes): let
# it finish, so that the first scenario measures requests, not the import's tail.
settle_start=$(date +%s.%N)
for _ in $(seq 1 600); do
  pending=$(curl -s "$base/metrics" | awk '/^history_pending / {print $2}')
  [[ ${pending:-0} == 0 ]] && break
  sleep 0.1
done
log "  history caught up with the import after $(echo "$(date +%s.%N) - $settle_start" | bc -l | xargs printf '%.1f') s"
log "== scenarios: wrk -t2 -c50 -d$duration, $runs runs each"
# Read-only and in-place scenarios first, so that near and the queries see only
# the prepared data; create and upsert add entities (and so grow the geo index).
wrk_scenario patch patch.lua /
wrk_scenario get_by_id get.lua /
wrk_scenario query_limit20 fixed.lua "/ngsi-ld/v1/entities?type=Vehicle&limit=20"
wrk_scenario q_query fixed.lua \
  "/ngsi-ld/v1/entities?type=Vehicle&q=speed%3E50%3Bstatus%3D%3D%22active%22&limit=20"
wrk_scenario near_1km near.lua /
wrk_scenario create create.lua / c
wrk_scenario upsert_x100 upsert.lua / u
stop_server
if [[ ${SKIP_BULK:-0} == 1 ]]; then rm -rf "$data_root"; log "# done (SKIP_BULK=1)"; exit 0; fi

# 3. RSS at 100,000 and 1,000,000 entities; bulk load of 1,000,000 via batch upserts.
log "== RSS and bulk load ($bulk_count entities, batches of 100, 4 connections)"
bulk_secs=()
for i in $(seq 1 "$runs"); do
  dir=$data_root/bulk-$i
  read -r server_pid _ < <(start_server "$dir" "$out/server.log")
  t0=$(date +%s.%N)
  load --type Vehicle --prefix b --count 100000 --connections 4
  if [[ $i == 1 ]]; then log "RSS_100K_KIB $(rss_kib)"; fi
  load --type Vehicle --prefix b --first 100000 --count $((bulk_count - 100000)) --connections 4
  t1=$(date +%s.%N)
  bulk_secs+=("$(echo "$t1 - $t0" | bc -l | xargs printf '%.2f')")
  if [[ $i == 1 ]]; then sleep 2; log "RSS_1M_KIB $(rss_kib)"; fi
  stop_server
  [[ $i == 1 ]] || rm -rf "$dir"
done
log "  bulk load seconds per run: ${bulk_secs[*]}"
log "BULK_LOAD_S $(printf '%s\n' "${bulk_secs[@]}" | median)"
log "== start-up with $bulk_count entities ($(du -sh "$data_root/bulk-1" | cut -f1) on disk)"
log "STARTUP_1M_MS $(startup_median "$data_root/bulk-1")"
grep -o 'started in [0-9.]* ms' "$out/server.log" | tail -n "$runs" | tr '\n' ';' | sed 's/^/  server log: /' | tee -a "$summary"
echo | tee -a "$summary"
rm -rf "$data_root"
log "# done; raw wrk output in $out"
