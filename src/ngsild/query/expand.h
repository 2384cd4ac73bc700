// SPDX-License-Identifier: Apache-2.0
// The term-expansion callback the query parsers take, so this module needs no
// dependency on jsonld/. Callers pass a lambda around context::expand_term.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace cityos::ngsild {

// Maps a short term ("temperature") to its expanded IRI. Called only while
// parsing; never stored.
using expand_fn = std::function<std::string(std::string_view)>;

}  // namespace cityos::ngsild
