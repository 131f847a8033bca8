-- sweep: the recovery pass every worker runs periodically.
--  1. Jobs whose lease expired (their worker died or hung) go back to the queue at their
--     original place, or fail with 'stalled too many times' once they used every attempt.
--  2. Retries whose backoff has passed move from `delayed` back into the queue.
-- Idempotent and safe to run from many workers at once: each step is atomic.
--
-- KEYS[1] queue      KEYS[2] delayed    KEYS[3] inflight
-- KEYS[4] stats      KEYS[5] failed     KEYS[6] webhooks   KEYS[7] wake
-- ARGV[1] base       '{prefix}'
-- ARGV[2] result TTL seconds
-- ARGV[3] max jobs handled per step
--
-- Returns {requeued stalled, failed stalled, promoted retries}
--@include keys
--@include job
--@include finish

local base, ttl, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local K = {queue = KEYS[1], delayed = KEYS[2], inflight = KEYS[3], stats = KEYS[4], failed = KEYS[5], webhooks = KEYS[6]}
local K_wake = KEYS[7]
local now = now_ms()
local acc = new_stats()
local requeued, failed, promoted = 0, 0, 0

for _, id in ipairs(redis.call('ZRANGEBYSCORE', K.inflight, '-inf', now, 'LIMIT', 0, limit)) do
  local jk = job_key(base, id)
  redis.call('ZREM', K.inflight, id)
  if redis.call('HGET', jk, 'status') == 'processing' then
    local f = redis.call('HMGET', jk, 'attempts', 'max_attempts')
    if tonumber(f[1]) >= (tonumber(f[2]) or 1) then
      finish_job(base, K, acc, id, jk, now, ttl, 'failed', 'stalled too many times', 'stalled', false)
      failed = failed + 1
    else
      count(acc, 'stalled')
      requeue(base, K.queue, id, jk, now, 's')
      requeued = requeued + 1
    end
  end
end

for _, id in ipairs(redis.call('ZRANGEBYSCORE', K.delayed, '-inf', now, 'LIMIT', 0, limit)) do
  local jk = job_key(base, id)
  redis.call('ZREM', K.delayed, id)
  if redis.call('HGET', jk, 'status') == 'queued' then
    redis.call('HDEL', jk, 'retry_at')
    requeue(base, K.queue, id, jk, now, 'p')
    promoted = promoted + 1
  end
end

flush_stats(K.stats, acc)
if requeued + promoted > 0 then wake_one(K_wake) end
return {requeued, failed, promoted}
