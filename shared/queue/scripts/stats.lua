-- stats: one consistent snapshot of the queue for /queue/stats, /metrics and the CLI.
--
-- KEYS[1] queue      KEYS[2] delayed    KEYS[3] inflight
-- KEYS[4] stats      KEYS[5] failed     KEYS[6] workers    KEYS[7] paused
-- ARGV[1] priority stride (2**50)
-- ARGV[2] worker liveness window ms
--
-- Returns {server time ms, queued high, queued normal, queued low, delayed, in flight,
--          failed list length, workers alive, paused 0|1, flat counter field/value list}
--@include job

local stride = tonumber(ARGV[1])
local now = now_ms()
local by_rank = {}
for rank = 0, 2 do
  -- '%.0f': the bounds exceed the 14 digits Lua's tostring keeps.
  by_rank[rank + 1] = redis.call('ZCOUNT', KEYS[1], string.format('%.0f', rank * stride),
    '(' .. string.format('%.0f', (rank + 1) * stride))
end
return {
  now, by_rank[1], by_rank[2], by_rank[3],
  redis.call('ZCARD', KEYS[2]),
  redis.call('ZCARD', KEYS[3]),
  redis.call('LLEN', KEYS[5]),
  redis.call('ZCOUNT', KEYS[6], now - tonumber(ARGV[2]), '+inf'),
  redis.call('EXISTS', KEYS[7]),
  redis.call('HGETALL', KEYS[4]),
}
