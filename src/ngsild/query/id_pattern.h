// SPDX-License-Identifier: Apache-2.0
// The NGSI-LD `idPattern` filter: an ECMAScript regular expression compiled
// once per request. matches() uses search semantics (the pattern may match
// any part of the id; anchor with ^...$ for a full match), as the spec's
// "regular expression" matching does. Immutable after creation; matches() is
// const and safe to call from many threads.
#pragma once

#include <regex>
#include <string_view>

#include "common/result.h"

namespace cityos::ngsild {

class id_pattern {
 public:
  // Compiles `pattern`. Errors: bad_request if it is empty or not a valid
  // ECMAScript regular expression.
  static result<id_pattern> parse(std::string_view pattern);

  // True if the regex matches somewhere in `id`.
  bool matches(std::string_view id) const;

 private:
  explicit id_pattern(std::regex re) : re_(std::move(re)) {}
  std::regex re_;
};

}  // namespace cityos::ngsild
