-- GET /api/v1/work-orders?q=...&limit=20: full-text search, first page (newest first).
-- The terms come from the seeder's word lists (terms.tsv), in a mix meant to look like what
-- people type, from very common to absent:
--   30% a common word: a verb, component or symptom (each in ~1.5-14% of work orders)
--   15% a place, building or asset kind (~1-10%)
--   15% an asset name such as "Chiller-0042" (~0.01% at 10,000 assets)
--   15% a rare term (~0.03%)
--   10% a component and a symptom ("pump leaking")
--   10% a work order number "WO-001234" (one row)
--    5% a word that is in no work order
package.path = (os.getenv("BENCH_SCENARIOS") or "bench/scenarios") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local headers, terms, rows

local function merge(...)
  local list = {}
  for _, part in ipairs({ ... }) do
    for _, term in ipairs(part or {}) do list[#list + 1] = term end
  end
  return list
end

local absent = { "zeppelin", "xylophone", "quasar", "marmalade", "origami", "tuba", "kangaroo", "nebula" }

function init(args)
  common.seed_random()
  headers = { ["Authorization"] = "Bearer " .. common.token(), ["Accept"] = "application/json" }
  local t = common.terms()
  terms = {
    common = merge(t.verb, t.component, t.symptom),
    place = merge(t.place, t.building, t.kind),
    asset = t.asset,
    rare = t.rare,
    pair = t.pair,
  }
  rows = tonumber(os.getenv("BENCH_ROWS") or "") or 1000
end

local function number_term()
  local n = math.random(rows)
  return n < 1000000 and string.format("WO-%06d", n) or ("WO-" .. n)
end

local function term()
  local r = math.random(100)
  if r <= 30 then return common.pick(terms.common)
  elseif r <= 45 then return common.pick(terms.place)
  elseif r <= 60 then return common.pick(terms.asset)
  elseif r <= 75 then return common.pick(terms.rare)
  elseif r <= 85 then return common.pick(terms.pair)
  elseif r <= 95 then return number_term()
  else return common.pick(absent) end
end

function request()
  return wrk.format("GET", "/api/v1/work-orders?q=" .. common.urlencode(term()) .. "&limit=20", headers)
end
