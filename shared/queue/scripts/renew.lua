-- renew: a worker's heartbeat. Records the worker as alive and extends the lease of every
-- job it still holds; tells it which jobs it lost and which were cancelled meanwhile.
--
-- KEYS[1] inflight   ZSET id -> lease expiry ms
-- KEYS[2] workers    ZSET worker id -> last heartbeat ms
-- KEYS[3] worker     this worker's info hash
-- ARGV[1] base       '{prefix}'
-- ARGV[2] worker id
-- ARGV[3] lease ms
-- ARGV[4] worker info TTL ms (a silent worker drops out of the registry after this)
-- ARGV[5] number of info field/value pairs that follow
-- ARGV[6..] info field/value pairs, then pairs: job id, lease token
--
-- Returns {lost, cancel requested}: each flat job id, lease token pairs of the attempts given, so a
-- worker holding two attempts of one job (a stale one and its successor) knows which one each means.
-- Only the attempt whose token is the job's lease is extended or told of a cancel.
--@include keys
--@include job

local base, worker = ARGV[1], ARGV[2]
local K_inflight, K_workers, K_worker = KEYS[1], KEYS[2], KEYS[3]
local now = now_ms()
local ttl = tonumber(ARGV[4])
local nfields = tonumber(ARGV[5])
local info = {}
for i = 6, 5 + 2 * nfields do info[#info + 1] = ARGV[i] end
if #info > 0 then redis.call('HSET', K_worker, unpack(info)) end
redis.call('HSET', K_worker, 'last_heartbeat', now)
redis.call('PEXPIRE', K_worker, ttl)
redis.call('ZADD', K_workers, now, worker)
redis.call('ZREMRANGEBYSCORE', K_workers, '-inf', now - ttl)

local expires = now + tonumber(ARGV[3])
local lost, cancel = {}, {}
for i = 6 + 2 * nfields, #ARGV, 2 do
  local id, token = ARGV[i], ARGV[i + 1]
  local jk = job_key(base, id)
  local f = redis.call('HMGET', jk, 'lease', 'cancel')
  if f[1] == token then
    redis.call('ZADD', K_inflight, 'XX', expires, id)
    if f[2] == '1' then
      cancel[#cancel + 1] = id
      cancel[#cancel + 1] = token
    end
  else
    lost[#lost + 1] = id
    lost[#lost + 1] = token
  end
end
return {lost, cancel}
