// SPDX-License-Identifier: Apache-2.0
#include "common/file.h"

#include <fstream>
#include <sstream>

namespace cityos {

std::optional<std::string> read_file(std::filesystem::path const& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(text).str();
}

}  // namespace cityos
