// SPDX-License-Identifier: Apache-2.0
// Enforces the one-way layer rule (common -> ngsild -> store -> auth -> api -> app) by
// reading every #include "..." under src/: a file may include only its own
// layer and the layers below it, and no other folder's detail/ headers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>

namespace {

int rank_of(std::string const& layer) {
  static std::map<std::string, int> const kRanks = {
      {"common", 0}, {"ngsild", 1}, {"store", 2}, {"auth", 3}, {"api", 4}, {"iot", 5}, {"mobility", 5}, {"wellness", 5}, {"safety", 5}, {"sim", 5}, {"app", 6}};
  auto it = kRanks.find(layer);
  return it == kRanks.end() ? -1 : it->second;
}

std::string first_segment(std::string const& path) { return path.substr(0, path.find('/')); }

std::string folder_of(std::string const& path) { return path.substr(0, path.rfind('/')); }

TEST(layering, includes_point_down_only) {
  namespace fs = std::filesystem;
  fs::path const src = fs::path(CITYOS_SOURCE_DIR) / "src";
  std::regex const include_re(R"(^\s*#\s*include\s+\"([^\"]+)\")");
  std::size_t checked = 0;
  for (auto const& entry : fs::recursive_directory_iterator(src)) {
    auto const ext = entry.path().extension();
    if (ext != ".h" && ext != ".cc") continue;
    std::string const rel = fs::relative(entry.path(), src).generic_string();
    std::string const layer = first_segment(rel);
    ASSERT_GE(rank_of(layer), 0) << rel << " is in no known layer";
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      std::smatch m;
      if (!std::regex_search(line, m, include_re)) continue;
      std::string const target = m[1];
      ++checked;
      int const target_rank = rank_of(first_segment(target));
      ASSERT_GE(target_rank, 0) << rel << " includes \"" << target << "\" (not from src/)";
      EXPECT_LE(target_rank, rank_of(layer)) << rel << " includes upward: " << target;
      auto const detail = target.find("/detail/");
      if (detail != std::string::npos) {
        std::string const owner = target.substr(0, detail);
        EXPECT_EQ(folder_of(rel).rfind(owner, 0), 0u)
            << rel << " includes another folder's internals: " << target;
      }
    }
  }
  EXPECT_GT(checked, 50u);
}

}  // namespace
