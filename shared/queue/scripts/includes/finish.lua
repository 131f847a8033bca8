-- Ending a job, for every way it can end. Needs includes keys and job.
-- K: table with queue, delayed, inflight, stats, failed, webhooks, active keys.
-- Counters are added up in `acc` and written once per script call by `flush_stats`,
-- so a batch of 100 completions costs a handful of HINCRBYs, not hundreds.

-- Upper bounds (ms) of the duration histogram; the last bucket is +Inf.
-- api/routes/metrics.py mirrors this list.
local DURATION_BUCKETS = {100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000, 300000}
local FAILED_LIST_MAX = 1000
-- The message of a job ended by its owner's cancel (the worker's runtime sends the same words).
local CANCELLED_MESSAGE = 'cancelled at your request'

local function new_stats() return {counts = {}, durations = {}} end

local function count(acc, field, n) acc.counts[field] = (acc.counts[field] or 0) + (n or 1) end

local function flush_stats(K_stats, acc)
  local durations = acc.durations
  if #durations > 0 then
    local sum = 0
    for _, ms in ipairs(durations) do
      sum = sum + ms
      local bucket = 'inf'
      for _, le in ipairs(DURATION_BUCKETS) do
        if ms <= le then bucket = tostring(le) break end
      end
      count(acc, 'dur_le_' .. bucket)
    end
    count(acc, 'dur_count', #durations)
    count(acc, 'dur_sum_ms', sum)
    -- Exponentially weighted mean of recent durations: the ETA shown to queued jobs.
    local ewma = tonumber(redis.call('HGET', K_stats, 'dur_ewma_ms'))
    for _, ms in ipairs(durations) do
      if ewma then ewma = ewma * 0.9 + ms * 0.1 else ewma = ms end
    end
    redis.call('HSET', K_stats, 'dur_ewma_ms', math.floor(ewma))
  end
  for field, n in pairs(acc.counts) do redis.call('HINCRBY', K_stats, field, n) end
end

-- A job stops counting against its tenant's caps (enqueue.lua): it left the system or was erased.
local function release_active(K_active, tenant, size)
  if not tenant then return end  -- a job queued before the caps existed
  if redis.call('HINCRBY', K_active, 'n:' .. tenant, -1) <= 0 then
    redis.call('HDEL', K_active, 'n:' .. tenant, 'b:' .. tenant)
  elseif size > 0 and redis.call('HINCRBY', K_active, 'b:' .. tenant, -size) <= 0 then
    redis.call('HDEL', K_active, 'b:' .. tenant)
  end
end

-- status: 'completed' | 'failed' | 'cancelled'. For 'completed' `payload` is the stored result,
-- otherwise the message shown to the user; `kind` classifies failures (a fixed small set).
-- `queued` says the job may still sit in the queue or the retry set (cancel, not a worker's finish).
local function finish_job(base, K, acc, id, jk, now, ttl, status, payload, kind, queued)
  local f = redis.call('HMGET', jk, 'started_at', 'callback_url', 'stage', 'tenant', 'size')
  local fields = {'status', status, 'stage', status, 'finished_at', now}
  local ev = {status = status, stage = status}
  if status == 'completed' then
    fields[7], fields[8], fields[9], fields[10] = 'result', payload, 'percent', 100
    ev.percent = 100
  else
    if payload and payload ~= '' then
      fields[7], fields[8], fields[9], fields[10] = 'error', payload, 'error_kind', kind
    end
    -- Where it stopped, for the progress view ('stage' now says how it ended).
    if f[3] then fields[#fields + 1], fields[#fields + 2] = 'stopped_stage', f[3] end
  end
  redis.call('HDEL', jk, 'lease', 'cancel', 'score', 'running_in')
  change(base, id, jk, now, 'd:' .. status, fields, ev)
  redis.call('DEL', pdf_key(base, id))
  redis.call('ZREM', K.inflight, id)
  if queued then
    redis.call('ZREM', K.queue, id)
    redis.call('ZREM', K.delayed, id)
  end
  redis.call('EXPIRE', jk, ttl)
  release_active(K.active, f[4], tonumber(f[5]) or 0)
  count(acc, status)
  if status == 'failed' then
    count(acc, 'failed:' .. (kind or 'error'))
    redis.call('LPUSH', K.failed, id)
    redis.call('LTRIM', K.failed, 0, FAILED_LIST_MAX - 1)
  end
  local started = tonumber(f[1])
  if status == 'completed' and started then acc.durations[#acc.durations + 1] = now - started end
  if f[2] then redis.call('ZADD', K.webhooks, now, id) end
end
