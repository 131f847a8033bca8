-- enqueue: create a job, store its upload and put it in the queue, in one step.
--
-- KEYS[1] queue      ZSET of queued ids
-- KEYS[2] seq        FIFO counter
-- KEYS[3] stats      counters
-- KEYS[4] index      recent jobs, scored by their sequence number (creation order)
-- KEYS[5] wake       marker list idle workers block on
-- KEYS[6] idem       Idempotency-Key record (any key in the slot when ARGV[6] is 0)
-- ARGV[1] base       '{prefix}'
-- ARGV[2] job id
-- ARGV[3] priority rank (0 high, 1 normal, 2 low)
-- ARGV[4] priority stride (2**44)
-- ARGV[5] max queue size
-- ARGV[6] idempotency TTL seconds; 0: the request has no Idempotency-Key
-- ARGV[7] upload sha256 (hex), kept only in the idempotency record
-- ARGV[8] upload bytes
-- ARGV[9] index size cap
-- ARGV[10..] field, value pairs for the job hash (query, kind, priority, ...)
--
-- Returns {'ok', id, position} | {'exists', id, position} (same key, same upload; or this job id
--         exists already: a retry of a call whose reply was lost, e.g. to a failover)
--       | {'conflict'} (same key, other upload) | {'full'}
-- position is 1-based; 0 means the job is no longer queued.
--@include keys
--@include job

local base, id = ARGV[1], ARGV[2]
local K_queue, K_seq, K_stats, K_index, K_wake, K_idem = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]

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

local now = now_ms()
local n = redis.call('INCR', K_seq)
local score = tonumber(ARGV[3]) * tonumber(ARGV[4]) + n
local jk = job_key(base, id)
local fields = {}
for i = 10, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', jk, 'status', 'queued', 'stage', 'queued', 'percent', 0, 'attempts', 0,
  'created_at', now, 'updated_at', now, 'score', score, 'version', 1, 'history', 'q@' .. now,
  unpack(fields))
if #ARGV[8] > 0 then redis.call('SET', pdf_key(base, id), ARGV[8]) end
redis.call('ZADD', K_queue, score, id)
redis.call('ZADD', K_index, n, id)
local excess = redis.call('ZCARD', K_index) - tonumber(ARGV[9])
if excess > 0 then redis.call('ZREMRANGEBYRANK', K_index, 0, excess - 1) end
redis.call('HINCRBY', K_stats, 'submitted', 1)
if use_idem then redis.call('SET', K_idem, id .. ' ' .. ARGV[7], 'EX', tonumber(ARGV[6])) end
wake_one(K_wake)
return {'ok', id, position(id)}
