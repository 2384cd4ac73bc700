// SPDX-License-Identifier: Apache-2.0
// Solution files in the SINTEF format of the Li & Lim best-known solutions:
// `Key : value` header lines, a line `Solution`, then one line per route
// `Route k : task task ...` with the instance's node labels, depots omitted.
// Route k is driven by vehicle k-1 (a file with a `Route 0` numbers its
// routes from 0: there route k is vehicle k, as in some BKS files). Unserved requests (our extension) go on
// one comment line `# Unserved : id id ...` (request ids) after the routes;
// other lines starting with '#' are ignored. Pure functions; thread-safe.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "mobility/drt/problem.h"

namespace cityos::mobility::drt {

struct solution_file {
  std::vector<std::pair<std::string, std::string>> header;  // key -> value, in file order
  solution routes;
};

// Parses `text` against `p` (labels resolve to nodes, ids to requests).
// Routes are kept as written, duplicates included, so the checker can report
// them; empty routes are dropped. bad_request naming `source` and the line
// for a malformed line, an unknown label or request id.
result<solution_file> parse_solution(std::string_view text, problem const& p, std::string const& source);
// Reads and parses the file at `path`; not_found if it cannot be opened.
result<solution_file> read_solution(std::filesystem::path const& path, problem const& p);

// Writes `s` with the given header lines (e.g. {"Instance name", "lc101"}).
void write_solution(std::ostream& out, problem const& p, solution const& s,
                    std::vector<std::pair<std::string, std::string>> const& header);

}  // namespace cityos::mobility::drt
