-- enqueue: create a job, store its upload and put it in the queue, in one step.
--
-- KEYS[1] queue      ZSET of queued ids
-- KEYS[2] seq        sequence counter
-- KEYS[3] stats      counters
-- KEYS[4] index      recent jobs, scored by their sequence number (creation order)
-- KEYS[5] wake       marker list idle workers block on
-- KEYS[6] idem       Idempotency-Key record (any key in the slot when ARGV[6] is 0)
-- KEYS[7] fair       this priority's fair-queueing tags: 'max', and '<tenant>' -> its last tag
-- KEYS[8] active     per tenant: 'n:<tenant>' jobs waiting or running, 'b:<tenant>' their bytes
-- KEYS[9] owner index  recent jobs of this owner (any key in the slot when ARGV[14] is '')
-- ARGV[1] base       '{prefix}'
-- ARGV[2] job id
-- ARGV[3] lowest score of this priority (rank * stride), as an exact integer string
-- ARGV[4] score where the next priority starts, likewise
-- ARGV[5] max queue size
-- ARGV[6] idempotency TTL seconds; 0: the request has no Idempotency-Key
-- ARGV[7] upload sha256 (hex), kept only in the idempotency record
-- ARGV[8] upload bytes
-- ARGV[9] index size cap (both indexes)
-- ARGV[10] tenant: who the job counts against for fairness and the per-key caps
-- ARGV[11] max jobs one tenant may have waiting or running (0: no cap)
-- ARGV[12] max upload bytes one tenant may have waiting or running (0: no cap)
-- ARGV[13] fair tag ceiling (tags stay below it so scores stay exact)
-- ARGV[14] owner ('' when the caller has none)
-- ARGV[15..] field, value pairs for the job hash (query, kind, priority, ...)
--
-- Returns {'ok', id, position} | {'exists', id, position} (same key, same upload; or this job id
--         exists already: a retry of a call whose reply was lost, e.g. to a failover)
--       | {'conflict'} (same key, other upload) | {'full'} | {'tenant_full', 'jobs' | 'bytes', in use}
-- position is 1-based; 0 means the job is no longer queued.
--@include keys
--@include job

local TIE = 4096  -- shared/job.py FAIR_TIE: equal tags are ordered by sequence number mod TIE

local base, id = ARGV[1], ARGV[2]
local K_queue, K_seq, K_stats, K_index, K_wake, K_idem = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local K_fair, K_active, K_owner_index = KEYS[7], KEYS[8], KEYS[9]
local tenant, size = ARGV[10], #ARGV[8]

local function position(job_id)
  local r = redis.call('ZRANK', K_queue, job_id)
  if r then return r + 1 end
  return 0
end

local use_idem = tonumber(ARGV[6]) > 0
if use_idem then
  local seen = redis.call('GET', K_idem)
  if seen then
    local sep = string.find(seen, ' ', 1, true)
    local old_id, old_sha = string.sub(seen, 1, sep - 1), string.sub(seen, sep + 1)
    if old_sha ~= ARGV[7] then return {'conflict'} end
    return {'exists', old_id, position(old_id)}
  end
end

-- Running this call twice must not queue the job twice (or reset a job already claimed).
if redis.call('EXISTS', job_key(base, id)) == 1 then return {'exists', id, position(id)} end

if redis.call('ZCARD', K_queue) >= tonumber(ARGV[5]) then return {'full'} end

-- The per-tenant caps. A tenant with nothing in the system may always send one job,
-- however large (the upload limit bounds it), so a byte cap below one upload locks nobody out.
local held = redis.call('HMGET', K_active, 'n:' .. tenant, 'b:' .. tenant)
local held_jobs, held_bytes = tonumber(held[1]) or 0, tonumber(held[2]) or 0
local max_jobs, max_bytes = tonumber(ARGV[11]), tonumber(ARGV[12])
if max_jobs > 0 and held_jobs >= max_jobs then return {'tenant_full', 'jobs', held_jobs} end
if max_bytes > 0 and held_jobs > 0 and held_bytes + size > max_bytes then return {'tenant_full', 'bytes', held_bytes} end

-- Start-time fair queueing within this priority. The virtual clock is the tag at the head of
-- the priority's queue (when it is empty: the highest tag given so far); a tenant's next job
-- starts at max(clock, its last tag + 1). A tenant with a backlog thus queues behind itself,
-- and a newcomer goes in at the head's tag: behind the jobs already holding that tag (at most
-- one per tenant), ahead of every tenant's later ones.
local lo = tonumber(ARGV[3])
local head = redis.call('ZRANGEBYSCORE', K_queue, ARGV[3], '(' .. ARGV[4], 'LIMIT', 0, 1, 'WITHSCORES')
local fair = redis.call('HMGET', K_fair, 'max', tenant)
local highest, last = tonumber(fair[1]) or 0, tonumber(fair[2])
local tag
if head[2] then
  tag = math.floor((tonumber(head[2]) - lo) / TIE)
else
  -- Nothing of this priority waits: every tenant's last tag is at or below the clock, so the
  -- per-tenant entries say nothing any more. Dropping them keeps the hash small.
  tag, last = highest, nil
  if redis.call('HLEN', K_fair) > 1 then redis.call('DEL', K_fair) end
end
if last and last + 1 > tag then tag = last + 1 end
tag = math.min(tag, tonumber(ARGV[13]))
redis.call('HSET', K_fair, tenant, tag, 'max', math.max(tag, highest))

local now = now_ms()
local n = redis.call('INCR', K_seq)
local score = string.format('%.0f', lo + tag * TIE + n % TIE)
local jk = job_key(base, id)
local fields = {}
for i = 15, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', jk, 'status', 'queued', 'stage', 'queued', 'percent', 0, 'attempts', 0,
  'created_at', now, 'updated_at', now, 'score', score, 'version', 1, 'history', 'q@' .. now,
  'tenant', tenant, unpack(fields))
if size > 0 then redis.call('SET', pdf_key(base, id), ARGV[8]) end
redis.call('ZADD', K_queue, score, id)
redis.call('HINCRBY', K_active, 'n:' .. tenant, 1)
if size > 0 then redis.call('HINCRBY', K_active, 'b:' .. tenant, size) end
local cap = tonumber(ARGV[9])
for _, k in ipairs(ARGV[14] ~= '' and {K_index, K_owner_index} or {K_index}) do
  redis.call('ZADD', k, n, id)
  local excess = redis.call('ZCARD', k) - cap
  if excess > 0 then redis.call('ZREMRANGEBYRANK', k, 0, excess - 1) end
end
redis.call('HINCRBY', K_stats, 'submitted', 1)
if use_idem then redis.call('SET', K_idem, id .. ' ' .. ARGV[7], 'EX', tonumber(ARGV[6])) end
wake_one(K_wake)
return {'ok', id, position(id)}
