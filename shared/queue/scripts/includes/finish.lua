-- Ending a job, for every way it can end. Needs includes keys and job.
-- K: table with queue, delayed, inflight, stats, failed, webhooks keys.

-- Upper bounds (ms) of the duration histogram; the last bucket is +Inf.
local DURATION_BUCKETS = {100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000, 300000}
local FAILED_LIST_MAX = 1000

local function record_duration(K, ms)
  local bucket = 'inf'
  for _, le in ipairs(DURATION_BUCKETS) do
    if ms <= le then bucket = tostring(le) break end
  end
  redis.call('HINCRBY', K.stats, 'dur_le_' .. bucket, 1)
  redis.call('HINCRBY', K.stats, 'dur_count', 1)
  redis.call('HINCRBY', K.stats, 'dur_sum_ms', ms)
  -- Exponentially weighted mean of recent durations: the ETA shown to queued jobs.
  local ewma = tonumber(redis.call('HGET', K.stats, 'dur_ewma_ms'))
  if ewma then ewma = ewma * 0.9 + ms * 0.1 else ewma = ms end
  redis.call('HSET', K.stats, 'dur_ewma_ms', math.floor(ewma))
end

-- status: 'completed' | 'failed' | 'cancelled'. For 'completed' `payload` is the result JSON,
-- otherwise the message shown to the user; `kind` classifies failures (fixed small set).
local function finish_job(base, K, id, jk, now, ttl, status, payload, kind)
  if status == 'completed' then
    redis.call('HSET', jk, 'result', payload)
  elseif payload and payload ~= '' then
    redis.call('HSET', jk, 'error', payload, 'error_kind', kind)
  end
  redis.call('HSET', jk, 'status', status, 'stage', status, 'finished_at', now)
  if status == 'completed' then redis.call('HSET', jk, 'percent', 100) end
  redis.call('HDEL', jk, 'lease', 'cancel', 'score')
  add_history(jk, 'd:' .. status .. '@' .. now)
  redis.call('DEL', pdf_key(base, id))
  redis.call('ZREM', K.queue, id)
  redis.call('ZREM', K.delayed, id)
  redis.call('ZREM', K.inflight, id)
  redis.call('EXPIRE', jk, ttl)
  redis.call('HINCRBY', K.stats, status, 1)
  if status == 'failed' then
    redis.call('HINCRBY', K.stats, 'failed:' .. (kind or 'error'), 1)
    redis.call('LPUSH', K.failed, id)
    redis.call('LTRIM', K.failed, 0, FAILED_LIST_MAX - 1)
  end
  local started = tonumber(redis.call('HGET', jk, 'started_at'))
  if status == 'completed' and started then record_duration(K, now - started) end
  if redis.call('HEXISTS', jk, 'callback_url') == 1 then redis.call('ZADD', K.webhooks, now, id) end
  local ev = {status = status, stage = status}
  if status == 'completed' then ev.percent = 100 end
  emit(base, id, jk, now, ev)
end
