-- GET /api/v1/work-orders?status=S&priority=P&limit=20: one status and one priority, each
-- drawn uniformly (5 x 4 combinations), first page (newest first).
package.path = (os.getenv("BENCH_SCENARIOS") or "bench/scenarios") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local statuses = { "open", "in_progress", "on_hold", "completed", "cancelled" }
local priorities = { "low", "medium", "high", "critical" }
local headers

function init(args)
  common.seed_random()
  headers = { ["Authorization"] = "Bearer " .. common.token(), ["Accept"] = "application/json" }
end

function request()
  return wrk.format("GET", "/api/v1/work-orders?status=" .. common.pick(statuses) .. "&priority="
    .. common.pick(priorities) .. "&limit=20", headers)
end
