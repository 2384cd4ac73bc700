#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what is missing, builds, and starts `cityos serve` with the demo
# city on the embedded store (data in ./cityos-data), listening on
# 127.0.0.1:1026. Extra arguments go to `cityos serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DCITYOS_BUILD_TESTS=OFF -DCITYOS_BUILD_BENCH=OFF
exec ./build/src/app/cityos serve --demo --data ./cityos-data "$@"
