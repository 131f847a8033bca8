-- complete: end a batch of jobs as completed (with their results) or cancelled.
-- Each job ends only if the caller still holds its lease, so a worker that lost a job
-- to another worker can never overwrite that worker's result.
--
-- KEYS[1] queue      KEYS[2] delayed    KEYS[3] inflight
-- KEYS[4] stats      KEYS[5] failed     KEYS[6] webhooks   KEYS[7] active
-- ARGV[1] base       '{prefix}'
-- ARGV[2] result TTL seconds
-- ARGV[3..] groups of 4: job id, lease token, 'completed' | 'cancelled', result JSON | message
--
-- Returns, flat, the job id and lease token of each attempt whose lease was gone (its result was
-- dropped): the token tells a worker holding two attempts of one job (the stale one and its
-- successor) which one it was. A repeat of a completion that was already written (its reply lost
-- to a dropped connection or a failover, or not acknowledged by REDIS_WAIT_REPLICAS) is neither
-- written again nor reported lost.
--@include keys
--@include job
--@include finish

local base, ttl = ARGV[1], tonumber(ARGV[2])
local K = {queue = KEYS[1], delayed = KEYS[2], inflight = KEYS[3], stats = KEYS[4], failed = KEYS[5], webhooks = KEYS[6],
           active = KEYS[7]}
local now = now_ms()
local acc = new_stats()
local lost = {}
for i = 3, #ARGV, 4 do
  local id, token, status, payload = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local jk = job_key(base, id)
  local f = redis.call('HMGET', jk, 'lease', 'status', 'worker', 'attempts')
  if f[1] == token then
    finish_job(base, K, acc, id, jk, now, ttl, status, payload, status, false)
  elseif not (f[1] == false and f[2] == status and f[3] and f[4] and f[3] .. ':' .. f[4] == token) then
    lost[#lost + 1] = id
    lost[#lost + 1] = token
  end
end
flush_stats(K.stats, acc)
return lost
