// SPDX-License-Identifier: Apache-2.0
// Test helpers: a context-free term expansion like the core @vocab.
#pragma once

#include <string>
#include <string_view>

#include "ngsild/query/expand.h"

namespace cityos::ngsild::testing {

inline constexpr std::string_view kVocab = "https://uri.etsi.org/ngsi-ld/default-context/";

// "a" -> ".../default-context/a"; terms that already are IRIs stay as they are.
inline std::string test_expand(std::string_view term) {
  if (term.find("://") != std::string_view::npos || term.starts_with("urn:")) {
    return std::string(term);
  }
  return std::string(kVocab) + std::string(term);
}

inline expand_fn const& expander() {
  static const expand_fn kFn = test_expand;
  return kFn;
}

}  // namespace cityos::ngsild::testing
