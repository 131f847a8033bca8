-- release: hand jobs back to the queue at once (graceful shutdown that ran out of grace).
-- The attempt is not counted against the job: it was the worker, not the job, that stopped.
--
-- KEYS[1] queue      KEYS[2] inflight   KEYS[3] stats      KEYS[4] wake
-- ARGV[1] base       '{prefix}'
-- ARGV[2..] pairs: job id, lease token
--
-- Returns the number of jobs handed back (jobs whose lease was gone are skipped).
--@include keys
--@include job

local base = ARGV[1]
local K_queue, K_inflight, K_stats, K_wake = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now = now_ms()
local n = 0
for i = 2, #ARGV, 2 do
  local id, token = ARGV[i], ARGV[i + 1]
  local jk = job_key(base, id)
  if redis.call('HGET', jk, 'lease') == token then
    redis.call('HINCRBY', jk, 'attempts', -1)
    redis.call('ZREM', K_inflight, id)
    requeue(base, K_queue, id, jk, now, 'h')
    n = n + 1
  end
end
if n > 0 then
  redis.call('HINCRBY', K_stats, 'released', n)
  wake_one(K_wake)
end
return n
