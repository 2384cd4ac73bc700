-- SPDX-License-Identifier: Apache-2.0
-- PATCH /ngsi-ld/v1/entities/{id}/attrs on one of 1,000 Car entities (p-0..p-999).
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
setup, done = common.setup, common.done
local n = 0
local headers = {["Content-Type"] = "application/json"}
-- Headers given with wrk -H (e.g. a credential) go along too.
for k, v in pairs(wrk.headers) do headers[k] = headers[k] or v end

function init(args)
  math.randomseed(os.time() + tid)
end

function request()
  n = n + 1
  local path = "/ngsi-ld/v1/entities/urn:ngsi-ld:Car:p-" .. math.random(0, 999) .. "/attrs"
  local body = '{"speed":{"type":"Property","value":' .. n .. '}}'
  return wrk.format("PATCH", path, headers, body)
end
