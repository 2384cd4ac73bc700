-- SPDX-License-Identifier: Apache-2.0
-- The same GET (the URL given to wrk) every time; only adds the RESULT line.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
setup, done = common.setup, common.done
