-- webhook_claim: take due callback deliveries under a short lease, so that of several API
-- replicas exactly one sends each delivery (another retries it if that one dies).
--
-- KEYS[1] webhooks   ZSET job id -> when the next delivery attempt is due (ms)
-- ARGV[1] max deliveries to take
-- ARGV[2] lease ms (how long the taker has before someone else may try)
--
-- Returns the job ids taken.
--@include job

local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, id in ipairs(due) do
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), id)
end
return due
