#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Configures and builds CityOS into build/ (Release with debug info), then the dashboard.
# Usage: scripts/build.sh [extra cmake -D options]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${CITYOS_BUILD_DIR:-build}"
JOBS="${CITYOS_JOBS:-$(nproc)}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build "$BUILD_DIR" -j "$JOBS"
# The dashboard (web/dist, served at /); CITYOS_SKIP_WEB=1 skips it.
bash scripts/build-web.sh
