-- SPDX-License-Identifier: Apache-2.0
-- GET /health: the server's HTTP floor (no store, no JSON-LD), to compare the
-- single-entity scenarios with.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
setup, done = common.setup, common.done

function request()
  return wrk.format("GET", "/health")
end
