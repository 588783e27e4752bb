-- POST an Anthropic Messages body with X-Session-ID rotating over N sessions, and exit as soon
-- as the given number of answers has arrived (wrk itself would wait out its whole -d):
--   wrk -t1 -c32 -d600s -s bench/lua/sessions.lua URL -- <requests> <sessions>
-- With one thread (-t1) the count is exact; answers still in flight at the exit are dropped.
-- The body resends its whole (short) history, as every SDK does, so a session holds the same
-- few messages from its first turn on: memory growth after that is the server's, not the data's.
local body = '{"model":"claude-sonnet-4-6","max_tokens":64,"messages":['
  .. '{"role":"user","content":"hello"},'
  .. '{"role":"assistant","content":"Hello! How can I help?"},'
  .. '{"role":"user","content":"Review this plan for migrating our billing service."}]}'
local requests = {}
local count = 0
local limit = 0
local sent = 0
local failed = 0

function init(args)
  limit = tonumber(args[1]) or 1000
  local sessions = tonumber(args[2]) or 100
  for i = 1, sessions do
    local headers = {
      ["Content-Type"] = "application/json",
      ["x-api-key"] = "sk-ant-bench",
      ["anthropic-version"] = "2023-06-01",
      ["X-Session-ID"] = "bench-" .. i,
    }
    requests[i] = wrk.format("POST", nil, headers, body)
  end
end

function request()
  sent = sent + 1
  return requests[(sent - 1) % #requests + 1]
end

function response(status, headers, body)
  count = count + 1
  if status ~= 200 then
    failed = failed + 1
  end
  if count >= limit then
    io.write(string.format("answered %d failed %d\n", count, failed))
    io.flush()
    os.exit(0)
  end
end
