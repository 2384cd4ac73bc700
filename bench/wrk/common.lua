-- SPDX-License-Identifier: Apache-2.0
-- Shared by the wrk scenario scripts: thread numbering, entity bodies and a
-- machine-readable result line (RESULT rps=... p50_ms=... p99_ms=... errors=...).
local common = {}
local counter = 0

function common.setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

function common.entity(id, typ)
  return string.format(
    '{"id":"%s","type":"%s","speed":{"type":"Property","value":%d},' ..
    '"brandName":{"type":"Property","value":"Volvo"},' ..
    '"status":{"type":"Property","value":"active"},' ..
    '"fuelLevel":{"type":"Property","value":0.5},' ..
    '"location":{"type":"GeoProperty","value":{"type":"Point","coordinates":[%.6f,%.6f]}}}',
    id, typ, math.random(0, 119), 13.40 + (math.random() - 0.5) * 0.295,
    52.52 + (math.random() - 0.5) * 0.18)
end

function common.done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors, summary.requests))
end

return common
