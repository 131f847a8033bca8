-- Helpers shared by every script that changes a job.

-- Milliseconds on the Redis server's clock: one clock for every machine.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Append one entry ('c:<worker>@<ms>', 'd@<ms>', ...) to the job's history.
-- Bounded: a job bounced between workers by many deploys keeps its newest entries.
local HISTORY_MAX = 1500
local function add_history(jk, entry)
  local h = redis.call('HGET', jk, 'history')
  if h and #h > 0 then h = h .. ' ' .. entry else h = entry end
  if #h > HISTORY_MAX then
    local cut = string.find(h, ' ', #h - HISTORY_MAX, true)
    if cut then h = string.sub(h, cut + 1) end
  end
  redis.call('HSET', jk, 'history', h)
end

-- Bump the job's version and tell subscribers (SSE, synchronous waiters) what changed.
-- `ev` carries the fields that changed; version and time are added here.
local function emit(base, id, jk, now, ev)
  ev.id = id
  ev.v = redis.call('HINCRBY', jk, 'version', 1)
  ev.t = now
  redis.call('HSET', jk, 'updated_at', now)
  redis.call('PUBLISH', events_channel(base, id), cjson.encode(ev))
end

-- Put a job back in the queue at its original place (its score), clearing its lease.
local function requeue(base, K_queue, id, jk, now, entry)
  redis.call('HSET', jk, 'status', 'queued', 'stage', 'queued', 'percent', 0)
  redis.call('HDEL', jk, 'lease', 'worker', 'cancel', 'page', 'pages')
  add_history(jk, entry .. '@' .. now)
  redis.call('ZADD', K_queue, redis.call('HGET', jk, 'score'), id)
  emit(base, id, jk, now, {status = 'queued', stage = 'queued', percent = 0})
end

-- Wake one idle worker unless a wake-up is already pending (the list stays at <= 1 element).
local function wake_one(K_wake)
  if redis.call('LLEN', K_wake) == 0 then redis.call('RPUSH', K_wake, '1') end
end
