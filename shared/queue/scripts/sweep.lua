-- sweep: the recovery pass every worker runs periodically.
--  1. Jobs whose lease expired (their worker died or hung) go back to the queue at their
--     original place. Only a job that was running untrusted work when its worker went silent
--     (marked `running_in` by progress.lua: it may be what killed the worker) is charged the
--     attempt, and fails with 'stalled too many times' once it used every attempt. Its
--     co-claimed neighbours are requeued uncharged: they get one more attempt (max_attempts + 1;
--     `attempts` keeps counting claims, so every claim's lease token stays unique). Each such
--     requeue counts in `stalls`; past ARGV[4] of them a job fails too, so nothing circulates for ever.
--     A job whose cancel was requested (flag `cancel`, set by cancel.lua for its worker to act on)
--     ends as cancelled instead: a new attempt would run a job its owner asked to stop.
--  2. Retries whose backoff has passed move from `delayed` back into the queue.
-- Idempotent and safe to run from many workers at once: each step is atomic.
--
-- KEYS[1] queue      KEYS[2] delayed    KEYS[3] inflight
-- KEYS[4] stats      KEYS[5] failed     KEYS[6] webhooks   KEYS[7] active
-- KEYS[8] wake
-- ARGV[1] base       '{prefix}'
-- ARGV[2] result TTL seconds
-- ARGV[3] max jobs handled per step
-- ARGV[4] uncharged requeues after which a job fails anyway
--
-- Returns {requeued stalled, failed stalled, promoted retries}
--@include keys
--@include job
--@include finish

local base, ttl, limit, max_stalls = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local K = {queue = KEYS[1], delayed = KEYS[2], inflight = KEYS[3], stats = KEYS[4], failed = KEYS[5], webhooks = KEYS[6],
           active = KEYS[7]}
local K_wake = KEYS[8]
local now = now_ms()
local acc = new_stats()
local requeued, failed, promoted = 0, 0, 0

for _, id in ipairs(redis.call('ZRANGEBYSCORE', K.inflight, '-inf', now, 'LIMIT', 0, limit)) do
  local jk = job_key(base, id)
  redis.call('ZREM', K.inflight, id)
  local f = redis.call('HMGET', jk, 'status', 'attempts', 'max_attempts', 'running_in', 'stalls', 'cancel')
  if f[1] == 'processing' and f[6] == '1' then
    finish_job(base, K, acc, id, jk, now, ttl, 'cancelled', CANCELLED_MESSAGE, 'cancelled', false)
  elseif f[1] == 'processing' then
    local charged = f[4] ~= false
    local give_up
    if charged then
      give_up = tonumber(f[2]) >= (tonumber(f[3]) or 1)
    else
      give_up = (tonumber(f[5]) or 0) >= max_stalls
    end
    if give_up then
      finish_job(base, K, acc, id, jk, now, ttl, 'failed', 'stalled too many times', 'stalled', false)
      failed = failed + 1
    else
      if not charged then
        redis.call('HINCRBY', jk, 'max_attempts', 1)
        redis.call('HINCRBY', jk, 'stalls', 1)
      end
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
