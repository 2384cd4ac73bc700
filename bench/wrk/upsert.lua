-- SPDX-License-Identifier: Apache-2.0
-- POST /ngsi-ld/v1/entityOperations/upsert with 100 new five-attribute entities.
-- Argument: a run tag that keeps ids distinct across runs.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
setup, done = common.setup, common.done
local tag, n = "x", 0
local headers = {["Content-Type"] = "application/json"}
-- Headers given with wrk -H (e.g. a credential) go along too.
for k, v in pairs(wrk.headers) do headers[k] = headers[k] or v end

function init(args)
  tag = (args[1] or "x") .. "-" .. tid
  math.randomseed(os.time() + tid)
end

function request()
  local parts = {}
  for k = 1, 100 do
    n = n + 1
    parts[k] = common.entity("urn:ngsi-ld:Bus:" .. tag .. "-" .. n, "Bus")
  end
  return wrk.format("POST", "/ngsi-ld/v1/entityOperations/upsert", headers,
    "[" .. table.concat(parts, ",") .. "]")
end
