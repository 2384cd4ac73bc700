#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Kill -9 durability test: crash_test.sh PATH/TO/cityos [ROUNDS]
# Starts `cityos serve` on a temporary data dir, writes under load from several
# connections, SIGKILLs the server at random moments (ROUNDS times, default 5),
# restarts it on the same dir and checks every write acknowledged with 2xx.
# Exits 0 when nothing acknowledged was lost; non-zero with a message otherwise.
set -euo pipefail
bin=${1:?usage: crash_test.sh PATH/TO/cityos [ROUNDS]}
rounds=${2:-5}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/cityos-crash.XXXXXX")
keep=0
cleanup() { if [[ $keep == 0 ]]; then rm -rf "$work"; else echo "kept $work for inspection" >&2; fi; }
trap cleanup EXIT
status=0
timeout --signal=KILL 90 python3 "$here/crash_driver.py" --bin "$bin" --data "$work/data" \
  --rounds "$rounds" --budget 55 || status=$?
if [[ $status != 0 ]]; then
  keep=1
  echo "crash test FAILED (exit $status); server logs in $work/data-logs" >&2
fi
exit "$status"
