// SPDX-License-Identifier: Apache-2.0
// JSON parsing and serialization on Boost.JSON values. dump() writes
// doubles in their shortest round-trip decimal form (22.4, not 2.24E1), which
// Boost.JSON 1.81's own serializer does not. All functions are thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "common/result.h"

namespace cityos {

namespace json = boost::json;

// How deep a JSON request body may nest (parse_json()'s default limit).
inline constexpr std::size_t kMaxRequestDepth = 64;
// How deep a text that CityOS wrote itself may nest: what a request sent, a
// few levels deeper (a stored entity wraps each attribute's instances in an
// array, a log record wraps the entity). The limit for parsing such texts.
inline constexpr std::size_t kMaxWrittenDepth = kMaxRequestDepth + 8;

// Parses `text` as one JSON document nested at most `max_depth` deep. Errors:
// invalid_request with the parser's message.
result<json::value> parse_json(std::string_view text, std::size_t max_depth = kMaxRequestDepth);

// Appends the compact serialization of `v` to `out`.
void dump_to(json::value const& v, std::string& out);
void dump_to(json::object const& o, std::string& out);
// Where a value is in a text: bytes [begin, end).
struct text_span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};
// dump_to(o, out), also appending to `elements` the span in `out` of each
// element of each array member of `o`, in member order: lets a caller reuse
// the text of an element (an attribute instance of an entity) instead of
// serializing it again.
void dump_to(json::object const& o, std::string& out, std::vector<text_span>& elements);
// Returns the compact serialization of `v`.
std::string dump(json::value const& v);
// Appends `s` as a quoted, escaped JSON string to `out`.
void dump_string_to(std::string_view s, std::string& out);

}  // namespace cityos
