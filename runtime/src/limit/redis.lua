-- One step of a fleet's shared limit, run atomically by Redis (see redis.rs).
--
-- KEYS[1]  the limiter's hash: tat, paused, gen, ceiling, since
-- ARGV[1]  "admit", "peek" (is a pause running? changes nothing) or "throttle"
-- admit:    ARGV[2] emission interval (µs, 0: no pacing), ARGV[3] tolerance (µs),
--           ARGV[4] "1" to wait for a running pause, "0" when the worker has waited its most
-- throttle: ARGV[2] pause (µs), ARGV[3] generation of the throttled request,
--           ARGV[4] the rate when it was throttled (the new ceiling)
-- Returns {verdict, wait (µs), generation, ceiling ("" before the first cut), since}; the
-- verdict is 1 (admitted), 0 (a pause runs for `wait`) or 2 (the next free slot is too far
-- ahead: ask again after `wait`).
-- An admitted request may still have to wait: the GCRA reserves it the next slot (up to
-- ten seconds ahead), so that processes are served in the order they asked, and sends it then.
-- Times are Redis's own clock, so the workers' clocks need not agree.
--
-- Every span read or written is at most a day (the life of an idle hash): arguments are
-- clamped to it, and a stored time further ahead than two days, a negative or non-numeric
-- value (hand-set garbage, an older bug) is corrupt: it is removed and read as unset, so that
-- no worker fails on it or waits on it for long.

local DAY = 86400000000
local key = KEYS[1]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local s = redis.call('HMGET', key, 'tat', 'paused', 'gen', 'ceiling', 'since')
local corrupt = {}
-- The stored number at `i`, or 0 when unset or outside [0, high].
local function stored(i, name, high)
  if not s[i] then return 0 end
  local v = tonumber(s[i])
  if v == nil or v ~= v or v < 0 or v > high then
    table.insert(corrupt, name)
    return 0
  end
  return v
end
local tat = stored(1, 'tat', now + 2 * DAY)
local paused = stored(2, 'paused', now + 2 * DAY)
local gen = stored(3, 'gen', 2 ^ 53)
local since = stored(5, 'since', 2 ^ 53)
-- The ceiling is kept as written, but only a short number is returned (the worker reads
-- anything else as no ceiling; bytes that are not text would fail every step).
local ceiling = s[4] or ''
if #ceiling > 64 or not tonumber(ceiling) then
  ceiling = ''
end
if #corrupt > 0 then
  redis.call('HDEL', key, unpack(corrupt))
end
-- An argument as a number of microseconds in [0, DAY].
local function span(x)
  local v = tonumber(x) or 0
  if v ~= v or v < 0 then return 0 end
  return math.min(v, DAY)
end
-- Whole microseconds as text: Lua prints large numbers in exponent form otherwise.
local function us(x) return string.format('%.0f', x) end

if ARGV[1] == 'peek' then
  if paused > now then
    return {0, us(paused - now), gen, ceiling, since}
  end
  return {1, 0, gen, ceiling, since}
elseif ARGV[1] == 'admit' then
  if paused > now and ARGV[4] ~= '0' then
    return {0, us(paused - now), gen, ceiling, since}
  end
  local interval = span(ARGV[2])
  local wait = 0
  if interval > 0 then
    wait = math.max(0, tat - span(ARGV[3]) - now)
    if wait > 10000000 then
      return {2, us(wait), gen, ceiling, since}
    end
    tat = math.max(tat, now) + interval
  end
  since = since + 1
  redis.call('HSET', key, 'tat', us(tat), 'since', since)
  redis.call('PEXPIRE', key, 86400000)
  return {1, us(wait), gen, ceiling, since}
else
  local until_ = now + span(ARGV[2])
  if until_ > paused then
    paused = until_
  end
  if tonumber(ARGV[3]) == gen then
    gen = gen + 1
    ceiling = ARGV[4]
    since = 0
  end
  redis.call('HSET', key, 'paused', us(paused), 'gen', us(gen), 'ceiling', ceiling, 'since', us(since))
end
-- An idle limiter is forgotten after a day.
redis.call('PEXPIRE', key, 86400000)
return {1, 0, gen, ceiling, since}
