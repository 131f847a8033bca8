-- Per-job key names, the Lua twin of shared/queue/keys.py (a test keeps them equal).
-- `base` is the '{prefix}' hash tag every key starts with.
local function job_key(base, id) return base .. ':job:' .. id end
local function pdf_key(base, id) return base .. ':pdf:' .. id end
local function events_channel(base, id) return base .. ':events:' .. id end
local function worker_key(base, id) return base .. ':worker:' .. id end
local function owner_index_key(base, owner) return base .. ':index:' .. owner end
