#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages CityOS needs to build, test and benchmark.
# Idempotent: installs only what is missing. Run as root.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsimdjson-dev libgeos-dev liblz4-dev libjemalloc-dev libspdlog-dev libfmt-dev libcli11-dev
  libdeflate-dev libzip-dev libsqlite3-dev libpq-dev libmosquitto-dev mosquitto libssl-dev openssl libsodium-dev
  protobuf-compiler libprotobuf-dev libyaml-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 wrk procps
  chromium fonts-ipafont-gothic
)
# The dashboard (web/) builds with Debian's nodejs and npm, unless a node with npm is already installed.
command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all packages present"
fi
