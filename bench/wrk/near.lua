-- SPDX-License-Identifier: Apache-2.0
-- GET /ngsi-ld/v1/entities?type=Sensor&georel=near;maxDistance==1000 around a
-- random point of the 20 km box the Sensor entities were loaded in (limit 20).
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
setup, done = common.setup, common.done

function init(args)
  math.randomseed(os.time() + tid)
end

function request()
  local lon = 13.40 + (math.random() - 0.5) * 0.295
  local lat = 52.52 + (math.random() - 0.5) * 0.18
  return wrk.format("GET", string.format(
    "/ngsi-ld/v1/entities?type=Sensor&georel=near%%3BmaxDistance%%3D%%3D1000" ..
    "&geometry=Point&coordinates=%%5B%.6f,%.6f%%5D&limit=20", lon, lat))
end
