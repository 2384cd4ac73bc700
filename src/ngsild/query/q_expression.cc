// SPDX-License-Identifier: Apache-2.0
#include "ngsild/query/q_expression.h"

#include <algorithm>

namespace cityos::ngsild {
namespace {

void collect(q_expression const& e, std::vector<std::string>& out) {
  if (e.what == q_expression::kind::term) {
    std::string const& a = e.term.path.attribute;
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    return;
  }
  for (auto const& c : e.children) collect(c, out);
}

}  // namespace

std::vector<std::string> referenced_attributes(q_expression const& e) {
  std::vector<std::string> out;
  collect(e, out);
  return out;
}

}  // namespace cityos::ngsild
