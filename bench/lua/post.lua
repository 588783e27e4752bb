-- POST an Anthropic Messages body on every request (wrk -s bench/lua/post.lua URL).
wrk.method = "POST"
wrk.body = '{"model":"claude-sonnet-4-6","max_tokens":64,"messages":[{"role":"user","content":"Review this plan for migrating our billing service."}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = "sk-ant-bench"
wrk.headers["anthropic-version"] = "2023-06-01"
