-- cancel: stop a job. A queued (or retry-waiting) job ends as cancelled at once; a running
-- job gets a cancel flag its worker sees at the next stage boundary or heartbeat.
-- With purge, the job, its upload and its result are erased now, whatever its state.
--
-- KEYS[1] queue      KEYS[2] delayed    KEYS[3] inflight
-- KEYS[4] stats      KEYS[5] failed     KEYS[6] webhooks   KEYS[7] active
-- KEYS[8] index
-- ARGV[1] base       '{prefix}'
-- ARGV[2] result TTL seconds
-- ARGV[3] job id
-- ARGV[4] owner the caller must match, or '' for any
-- ARGV[5] '1' purge | '0' cancel
--
-- Returns 'missing' (unknown, expired or not the caller's) | 'cancelled' | 'cancelling'
--       | 'purged' | the terminal status the job already had ('completed', 'failed', 'cancelled')
--@include keys
--@include job
--@include finish

local base, ttl, id, owner = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local K = {queue = KEYS[1], delayed = KEYS[2], inflight = KEYS[3], stats = KEYS[4], failed = KEYS[5], webhooks = KEYS[6],
           active = KEYS[7]}
local K_index = KEYS[8]
local jk = job_key(base, id)
local f = redis.call('HMGET', jk, 'status', 'owner', 'tenant', 'size')
if not f[1] then return 'missing' end
if owner ~= '' and f[2] ~= owner then return 'missing' end
local status = f[1]
local now = now_ms()

if ARGV[5] == '1' then
  if status == 'processing' then
    -- Its worker finds the lease gone at its next call and drops the work.
    redis.call(PUBLISH_COMMAND, events_channel(base, id), cjson.encode({id = id, status = 'cancelled', stage = 'cancelled', purged = true, t = now}))
  end
  if status == 'queued' or status == 'processing' then release_active(K.active, f[3], tonumber(f[4]) or 0) end
  redis.call('DEL', jk, pdf_key(base, id))
  for _, k in ipairs({K.queue, K.delayed, K.inflight, K.webhooks, K_index}) do redis.call('ZREM', k, id) end
  if f[2] then redis.call('ZREM', owner_index_key(base, f[2]), id) end
  redis.call('LREM', K.failed, 0, id)
  return 'purged'
end

if status == 'queued' then
  local acc = new_stats()
  finish_job(base, K, acc, id, jk, now, ttl, 'cancelled', CANCELLED_MESSAGE, 'cancelled', true)
  flush_stats(K.stats, acc)
  return 'cancelled'
end
if status == 'processing' then
  if redis.call('HGET', jk, 'cancel') ~= '1' then
    change(base, id, jk, now, 'x', {'cancel', '1'}, {status = 'processing', cancel_requested = true})
  end
  return 'cancelling'
end
return status
