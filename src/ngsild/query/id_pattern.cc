// SPDX-License-Identifier: Apache-2.0
#include "ngsild/query/id_pattern.h"

#include <string>

namespace cityos::ngsild {

result<id_pattern> id_pattern::parse(std::string_view pattern) {
  if (pattern.empty()) return make_error(error_code::bad_request, "idPattern: empty pattern");
  try {
    return id_pattern(std::regex(std::string(pattern), std::regex::ECMAScript));
  } catch (std::regex_error const& e) {
    return make_error(error_code::bad_request,
                      "idPattern: invalid regular expression: " + std::string(e.what()));
  }
}

bool id_pattern::matches(std::string_view id) const {
  try {
    return std::regex_search(id.begin(), id.end(), re_);
  } catch (std::regex_error const&) {  // complexity/stack limits: treat as no match
    return false;
  }
}

}  // namespace cityos::ngsild
