-- Helpers shared by every script that changes a job. Each change to a job is one HMGET of
-- its bookkeeping and one HSET of everything that changes, then one PUBLISH for subscribers.

-- How job events are published: lua.py loads the scripts with 'SPUBLISH' on a Redis Cluster
-- (sharded pub/sub: the event stays on the shard owning the '{prefix}' slot instead of being
-- broadcast to every node); 'PUBLISH' elsewhere.
local PUBLISH_COMMAND = 'PUBLISH'

-- Milliseconds on the Redis server's clock: one clock for every machine.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- The history string with one more entry ('c:<worker>@<ms>', 'd:completed@<ms>', ...).
-- Bounded: a job bounced between workers by many deploys keeps its newest entries.
local HISTORY_MAX = 1500
local function history_with(h, entry)
  if h and #h > 0 then h = h .. ' ' .. entry else h = entry end
  if #h > HISTORY_MAX then
    local cut = string.find(h, ' ', #h - HISTORY_MAX, true)
    if cut then h = string.sub(h, cut + 1) end
  end
  return h
end

-- Write the flat field/value list `fields` to job hash `jk`, together with what every change
-- records: version + 1, updated_at and (when `entry` is given) a history entry; then tell
-- subscribers (SSE streams, synchronous waiters) through the job's channel. `ev` holds the
-- changed fields for the event. Returns the new version.
local function change(base, id, jk, now, entry, fields, ev)
  local cur = redis.call('HMGET', jk, 'version', 'history')
  local v = (tonumber(cur[1]) or 0) + 1
  local n = #fields
  fields[n + 1], fields[n + 2], fields[n + 3], fields[n + 4] = 'version', v, 'updated_at', now
  if entry then
    fields[n + 5], fields[n + 6] = 'history', history_with(cur[2], entry .. '@' .. now)
  end
  redis.call('HSET', jk, unpack(fields))
  ev.id, ev.v, ev.t = id, v, now
  redis.call(PUBLISH_COMMAND, events_channel(base, id), cjson.encode(ev))
  return v
end

-- Put a job back in the queue at its original place (its score), clearing its lease.
local function requeue(base, K_queue, id, jk, now, entry)
  redis.call('HDEL', jk, 'lease', 'worker', 'cancel', 'page', 'pages', 'running_in')
  change(base, id, jk, now, entry, {'status', 'queued', 'stage', 'queued', 'percent', 0},
    {status = 'queued', stage = 'queued', percent = 0})
  redis.call('ZADD', K_queue, redis.call('HGET', jk, 'score'), id)
end

-- Wake one idle worker unless a wake-up is already pending (the list stays at <= 1 element).
local function wake_one(K_wake)
  if redis.call('LLEN', K_wake) == 0 then redis.call('RPUSH', K_wake, '1') end
end
