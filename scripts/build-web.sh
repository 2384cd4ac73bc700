#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the dashboard (web/) into web/dist with npm (Debian's nodejs/npm; installed
# with apt when missing, as root). `cityos serve` serves web/dist at /.
# Skipped (exit 0) when CITYOS_SKIP_WEB=1.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [[ "${CITYOS_SKIP_WEB:-0}" == 1 ]]; then
  echo "build-web: skipped (CITYOS_SKIP_WEB=1)"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "build-web: installing nodejs and npm (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm
fi
# npm ci reinstalls node_modules from package-lock.json; skip it when the lock is unchanged.
stamp=node_modules/.cityos-lock
if [[ ! -f "$stamp" ]] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
npm run build --silent
echo "build-web: web/dist ready"
