// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the embedded store's tests.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "store/memory/memory_store.h"

namespace cityos::store::test_support {

// A store in `dir`, or in memory only if `dir` is empty (expects it to open).
inline std::unique_ptr<memory_store> open_store(std::filesystem::path const& dir = {}) {
  memory_store_options o;
  o.data_dir = dir;
  auto s = memory_store::open(std::move(o));
  EXPECT_TRUE(s.ok());
  return std::move(*s);
}

// An empty path under the temporary directory, named after `name` and this process.
inline std::filesystem::path temp_dir(std::string const& name) {
  auto p = std::filesystem::temp_directory_path() /
           ("cityos-store-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  return p;
}

}  // namespace cityos::store::test_support
