#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Configures and builds CityOS into build/ (Release with debug info).
# Usage: scripts/build.sh [extra cmake -D options]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${CITYOS_BUILD_DIR:-build}"
JOBS="${CITYOS_JOBS:-$(nproc)}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build "$BUILD_DIR" -j "$JOBS"
