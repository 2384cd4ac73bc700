#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what is missing, builds everything warning-free (-Werror) and runs
# every test (unit, API, crash) through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DCITYOS_WERROR=ON -DCITYOS_BUILD_TESTS=ON
cd "${CITYOS_BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)" --timeout 300
