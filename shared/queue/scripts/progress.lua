-- progress: record a job's stage and percent, if the caller still holds its lease.
-- Called at stage boundaries, so it is also where a worker learns of a cancellation.
--
-- KEYS[1] job hash
-- ARGV[1] base       '{prefix}'
-- ARGV[2] job id
-- ARGV[3] lease token
-- ARGV[4] stage
-- ARGV[5] percent (0-100)
-- ARGV[6] current page or ''
-- ARGV[7] total pages or ''
-- ARGV[8] where the job's untrusted work runs now: '' unchanged | '-' nowhere (done) | '<pid>' that process.
--         The mark (field `running_in`) tells `sweep` whom to charge if this worker dies: see sweep.lua.
--
-- Returns 'ok' | 'cancel' (a cancellation was requested) | 'lost' (lease gone: stop, drop results)
--@include keys
--@include job

local base, id, jk = ARGV[1], ARGV[2], KEYS[1]
if redis.call('HGET', jk, 'lease') ~= ARGV[3] then return 'lost' end
local now = now_ms()
local fields = {'stage', ARGV[4], 'percent', ARGV[5]}
local ev = {status = 'processing', stage = ARGV[4], percent = tonumber(ARGV[5])}
if ARGV[6] ~= '' then
  fields[5], fields[6], fields[7], fields[8] = 'page', ARGV[6], 'pages', ARGV[7]
  ev.page, ev.pages = tonumber(ARGV[6]), tonumber(ARGV[7])
end
if ARGV[8] == '-' then
  redis.call('HDEL', jk, 'running_in')
elseif ARGV[8] ~= '' then
  fields[#fields + 1], fields[#fields + 2] = 'running_in', ARGV[8]
end
change(base, id, jk, now, nil, fields, ev)
if redis.call('HGET', jk, 'cancel') == '1' then return 'cancel' end
return 'ok'
