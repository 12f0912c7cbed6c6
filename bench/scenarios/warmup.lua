-- Warm-up: a mix of the four scenarios (40% get by id, 25% filtered list, 25% q search,
-- 10% create) so that every hot path is JIT-compiled before the measured runs.
package.path = (os.getenv("BENCH_SCENARIOS") or "bench/scenarios") .. "/?.lua;" .. package.path
local common = require("common")

local function load_scenario(name)
  local env = setmetatable({}, { __index = _G })
  local chunk = assert(loadfile((os.getenv("BENCH_SCENARIOS") or "bench/scenarios") .. "/" .. name .. ".lua"))
  setfenv(chunk, env)
  chunk()
  return env
end

setup = common.setup
done = common.done

local scenarios

function init(args)
  scenarios = {
    { 40, load_scenario("get_by_id") },
    { 25, load_scenario("list_filtered") },
    { 25, load_scenario("list_q") },
    { 10, load_scenario("create") },
  }
  for _, s in ipairs(scenarios) do s[2].init(args) end
  common.seed_random()
end

function request()
  local r = math.random(100)
  for _, s in ipairs(scenarios) do
    r = r - s[1]
    if r <= 0 then return s[2].request() end
  end
  return scenarios[1][2].request()
end
