-- fail: an attempt ended in error. Retry after a backoff, or fail the job for good.
--
-- KEYS[1] queue      KEYS[2] delayed    KEYS[3] inflight
-- KEYS[4] stats      KEYS[5] failed     KEYS[6] webhooks   KEYS[7] active
-- ARGV[1] base       '{prefix}'
-- ARGV[2] result TTL seconds
-- ARGV[3] job id
-- ARGV[4] lease token
-- ARGV[5] message for the user
-- ARGV[6] error kind (a fixed small set: 'invalid_document', 'timeout', 'error', ...)
-- ARGV[7] '1' permanent (fail now) | '0' retryable
-- ARGV[8] backoff ms before the next attempt
--
-- Returns 'retry' | 'failed' | 'cancelled' (a retryable error after its cancel was requested: no retry)
--       | 'lost' (lease gone: nothing written)
--@include keys
--@include job
--@include finish

local base, ttl, id, token = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local K = {queue = KEYS[1], delayed = KEYS[2], inflight = KEYS[3], stats = KEYS[4], failed = KEYS[5], webhooks = KEYS[6],
           active = KEYS[7]}
local jk = job_key(base, id)
if redis.call('HGET', jk, 'lease') ~= token then return 'lost' end
local now = now_ms()
local acc = new_stats()
local f = redis.call('HMGET', jk, 'attempts', 'max_attempts', 'cancel')
local attempts, max_attempts = tonumber(f[1]), tonumber(f[2]) or 1
if ARGV[7] == '1' or attempts >= max_attempts then
  finish_job(base, K, acc, id, jk, now, ttl, 'failed', ARGV[5], ARGV[6], false)
  flush_stats(K.stats, acc)
  return 'failed'
end
if f[3] == '1' then
  finish_job(base, K, acc, id, jk, now, ttl, 'cancelled', CANCELLED_MESSAGE, 'cancelled', false)
  flush_stats(K.stats, acc)
  return 'cancelled'
end
local ready = now + tonumber(ARGV[8])
redis.call('HDEL', jk, 'lease', 'worker', 'page', 'pages', 'running_in')
change(base, id, jk, now, 'r',
  {'status', 'queued', 'stage', 'retrying', 'percent', 0, 'last_error', ARGV[5], 'retry_at', ready},
  {status = 'queued', stage = 'retrying', percent = 0, retry_at = ready})
redis.call('ZREM', K.inflight, id)
redis.call('ZADD', K.delayed, ready, id)
redis.call('HINCRBY', K.stats, 'retried', 1)
return 'retry'
