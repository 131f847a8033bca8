-- claim: atomically move up to N jobs from the queue into the in-flight set under a lease.
-- A worker that dies after this call leaves its jobs in `inflight`; `sweep` puts them back
-- when the lease runs out. Nothing is ever only in a worker's memory.
--
-- KEYS[1] queue      ZSET of queued ids
-- KEYS[2] inflight   ZSET id -> lease expiry ms
-- KEYS[3] paused     present while paused
-- KEYS[4] wake       marker list
-- ARGV[1] base       '{prefix}'
-- ARGV[2] worker id
-- ARGV[3] max jobs to claim
-- ARGV[4] lease ms
--
-- Returns a flat array, 9 entries per claimed job:
--   id, lease token, attempts, max_attempts, kind, query, priority, filename, upload bytes
-- The lease token is '<worker id>:<attempt>'; every later call about the job must present it.
-- Empty when paused or when the queue is empty.
--@include keys
--@include job

local base, worker = ARGV[1], ARGV[2]
local K_queue, K_inflight, K_paused, K_wake = KEYS[1], KEYS[2], KEYS[3], KEYS[4]

if redis.call('EXISTS', K_paused) == 1 then return {} end
local popped = redis.call('ZPOPMIN', K_queue, tonumber(ARGV[3]))
if #popped == 0 then return {} end

local now = now_ms()
local expires = now + tonumber(ARGV[4])
local out = {}
for i = 1, #popped, 2 do
  local id = popped[i]
  local jk = job_key(base, id)
  local f = redis.call('HMGET', jk, 'attempts', 'max_attempts', 'kind', 'query', 'priority', 'filename')
  if f[1] then  -- gone if it was purged meanwhile
    local attempts = tonumber(f[1]) + 1
    local token = worker .. ':' .. attempts
    change(base, id, jk, now, 'c:' .. worker,
      {'status', 'processing', 'stage', 'started', 'percent', 0, 'attempts', attempts,
       'started_at', now, 'worker', worker, 'lease', token},
      {status = 'processing', stage = 'started', percent = 0, attempts = attempts, worker = worker})
    redis.call('ZADD', K_inflight, expires, id)
    out[#out + 1] = id
    out[#out + 1] = token
    out[#out + 1] = attempts
    out[#out + 1] = f[2] or '1'
    out[#out + 1] = f[3] or 'analyze'
    out[#out + 1] = f[4] or ''
    out[#out + 1] = f[5] or 'normal'
    out[#out + 1] = f[6] or ''
    out[#out + 1] = redis.call('GET', pdf_key(base, id)) or ''
  end
end
-- More work left: pass the wake-up on to the next idle worker.
if redis.call('ZCARD', K_queue) > 0 then wake_one(K_wake) end
return out
