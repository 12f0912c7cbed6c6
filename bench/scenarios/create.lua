-- POST /api/v1/work-orders: a new work order with a title and description from the seeder's
-- word lists, a random priority, an asset (90%), an assignee (50%) and a due date (70%).
-- Every request creates a row (no Idempotency-Key).
package.path = (os.getenv("BENCH_SCENARIOS") or "bench/scenarios") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local headers, t, assets, technicians
local priorities = { "low", "medium", "medium", "medium", "high", "high", "critical" }

function init(args)
  common.seed_random()
  headers = {
    ["Authorization"] = "Bearer " .. common.token(),
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/json",
  }
  t = common.terms()
  assets = common.lines("assets.txt")
  technicians = common.lines("technicians.txt")
end

local function capitalized(s)
  return (s:gsub("^%l", string.upper))
end

function request()
  local component = common.pick(t.component)
  local fields = {
    '"title":' .. common.json_string(capitalized(common.pick(t.verb)) .. " " .. component .. " (bench)"),
    '"description":' .. common.json_string("The " .. component .. " is " .. common.pick(t.symptom)
      .. " in the " .. common.pick(t.place) .. ". Created by the wrk create scenario."),
    '"priority":"' .. common.pick(priorities) .. '"',
  }
  if math.random() < 0.9 then fields[#fields + 1] = '"asset_id":"' .. common.pick(assets) .. '"' end
  if math.random() < 0.5 then fields[#fields + 1] = '"assignee_id":"' .. common.pick(technicians) .. '"' end
  if math.random() < 0.7 then
    fields[#fields + 1] = '"due_at":"' .. os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() + math.random(1, 30) * 86400) .. '"'
  end
  return wrk.format("POST", "/api/v1/work-orders", headers, "{" .. table.concat(fields, ",") .. "}")
end
