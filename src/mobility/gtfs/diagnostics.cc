// SPDX-License-Identifier: Apache-2.0
#include "mobility/gtfs/diagnostics.h"

namespace cityos::mobility::gtfs {

std::string issue::to_string() const {
  std::string s = file;
  if (line > 0) s += ":" + std::to_string(line);
  return s + ": " + message;
}

void diagnostics::add(issue i) {
  auto& n = totals_[{i.level, i.kind}];
  ++n;
  (i.level == severity::error ? errors_ : warnings_)++;
  if (n <= keep_per_kind_) kept_.push_back(std::move(i));
}

void diagnostics::add_fatal(issue i) {
  i.level = severity::error;
  fatal_ = true;
  add(std::move(i));
}

}  // namespace cityos::mobility::gtfs
