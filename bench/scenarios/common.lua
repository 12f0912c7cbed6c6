-- Shared by the wrk scenarios: the bearer token, the seeder's files, per-thread random seeds
-- and a machine-readable result line.
--
-- Environment:
--   BENCH_OUT         directory with the seeder's files (ids.txt, assets.txt, technicians.txt,
--                     terms.tsv); default bench/out
--   BENCH_TOKEN       the access token, or BENCH_TOKEN_FILE (default $BENCH_OUT/token)
--   BENCH_ROWS        how many work orders were seeded (the q scenario searches numbers 1..N)
--   BENCH_SCENARIO    a label for the result line
local M = {}

M.out = os.getenv("BENCH_OUT") or "bench/out"

function M.path(name)
  return M.out .. "/" .. name
end

function M.lines(name)
  local list = {}
  local file = assert(io.open(M.path(name), "r"), "cannot read " .. M.path(name) .. ": run bench/seed.sh first")
  for line in file:lines() do
    if line ~= "" then
      list[#list + 1] = line
    end
  end
  file:close()
  assert(#list > 0, M.path(name) .. " is empty")
  return list
end

-- terms.tsv: "<kind>\t<words>" lines, returned as kind -> {words...}.
function M.terms()
  local by_kind = {}
  for _, line in ipairs(M.lines("terms.tsv")) do
    local kind, words = line:match("^([^\t]+)\t(.+)$")
    if kind then
      by_kind[kind] = by_kind[kind] or {}
      table.insert(by_kind[kind], words)
    end
  end
  return by_kind
end

function M.token()
  local token = os.getenv("BENCH_TOKEN")
  if token == nil or token == "" then
    local file = assert(io.open(os.getenv("BENCH_TOKEN_FILE") or M.path("token"), "r"),
      "set BENCH_TOKEN or BENCH_TOKEN_FILE (an access token from POST /oauth/token)")
    token = file:read("*l")
    file:close()
  end
  assert(token and token ~= "", "empty access token")
  return token
end

function M.pick(list)
  return list[math.random(#list)]
end

function M.urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function M.json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end) .. '"'
end

-- wrk calls setup() once per thread in the main Lua state: number the threads so that each
-- seeds its own random sequence in init().
local threads = {}
function M.setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function M.seed_random()
  math.randomseed(os.time() * 1000 + (thread_number or 0) * 7919)
  for _ = 1, 10 do math.random() end
end

-- One line for run.sh to parse:
-- RESULT <scenario> <req/s> <p50 ms> <p95 ms> <p99 ms> <requests> <non-2xx/3xx> <connect> <read> <write> <timeout>
function M.done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT %s %.1f %.2f %.2f %.2f %d %d %d %d %d %d\n",
    os.getenv("BENCH_SCENARIO") or "scenario",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect, e.read, e.write, e.timeout))
end

return M
