-- wrk script for `make loadtest` (demo/scripts/loadtest.py writes the inputs).
-- Arguments after `--`: a file of paths (one per line), the session cookie value, the number of
-- threads. Each thread walks its own share of the paths (from its own offset), sends the logged-in session cookie and the
-- X-Forwarded-Proto header nginx would add, and counts responses other than 200.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
  counter = (id * math.floor(#paths / tonumber(args[3] or 1))) % #paths
  not_ok = 0
  wrk.headers["Cookie"] = "sessionid=" .. args[2]
  wrk.headers["X-Forwarded-Proto"] = "https"
  wrk.headers["Accept-Language"] = "da"
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("not_ok") end
  local errors = summary.errors
  io.write(string.format(
    "RESULT {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p90_us\": %d, \"p95_us\": %d, " ..
    "\"p99_us\": %d, \"max_us\": %d, \"not_200\": %d, \"socket_errors\": %d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max, bad,
    errors.connect + errors.read + errors.write + errors.timeout))
end
