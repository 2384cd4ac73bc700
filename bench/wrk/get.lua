-- SPDX-License-Identifier: Apache-2.0
-- GET /ngsi-ld/v1/entities/{id} on one of 1,000 Car entities (p-0..p-999).
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
setup, done = common.setup, common.done

function init(args)
  math.randomseed(os.time() + tid)
end

function request()
  return wrk.format("GET", "/ngsi-ld/v1/entities/urn:ngsi-ld:Car:p-" .. math.random(0, 999))
end
