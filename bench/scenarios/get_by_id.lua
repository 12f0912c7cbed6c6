-- GET /api/v1/work-orders/{id}: a random id from the seeder's sample of work order ids (ids.txt,
-- or the file named by BENCH_IDS in the same directory: cache.sh reads a small hot set).
package.path = (os.getenv("BENCH_SCENARIOS") or "bench/scenarios") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local ids, headers

function init(args)
  common.seed_random()
  ids = common.lines(os.getenv("BENCH_IDS") or "ids.txt")
  headers = { ["Authorization"] = "Bearer " .. common.token(), ["Accept"] = "application/json" }
end

function request()
  return wrk.format("GET", "/api/v1/work-orders/" .. common.pick(ids), headers)
end
