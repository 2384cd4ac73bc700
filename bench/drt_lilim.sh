#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The DRT static solver on the Li & Lim 100-task PDPTW set (lc1*, lc2*, lr1*,
# lr2*, lrc1*, lrc2*: 56 instances) against the best known (tables.csv), one
# instance at a time, one thread. Prints per instance vehicles, distance, the
# best known, the gap, the time used and the checker's verdict, then the share
# of instances at the best-known vehicle count and the average gap.
# Usage: bench/drt_lilim.sh BUILD_DIR [TIME_LIMIT_S (default 10)] [SIZE (100|200, default 100)]
#        CORDEAU=1 bench/drt_lilim.sh BUILD_DIR [TIME_LIMIT_S]  runs the Cordeau DARP set instead.
# Build first: ninja -C BUILD_DIR drt_bench (a Release build for real figures).
set -euo pipefail
build=${1:?usage: drt_lilim.sh BUILD_DIR [TIME_LIMIT_S] [SIZE]}
limit=${2:-10}
size=${3:-100}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shared=${SHARED_DIR:-$here/../../shared}
bench=$build/bench/drt_bench
if [[ ${CORDEAU:-0} == 1 ]]; then
  exec "$bench" --format cordeau --time-limit "$limit" "$shared"/data/darp/cordeau/*.txt
fi
data=$shared/data/pdptw/lilim-sintef
if [[ $size == 100 ]]; then
  pattern='/(lc|lr|lrc)[12][0-9][0-9]\.txt$'
else
  pattern="/(LC|LR|LRC)[12]_$((size / 100))_[0-9]+\.txt$"
fi
mapfile -t files < <(ls "$data"/instances/*.txt | grep -iE "$pattern")
exec "$bench" --format lilim --bks "$data/tables.csv" --time-limit "$limit" "${files[@]}"
