-- One step of a fleet's shared limit, run atomically by Redis (see redis.rs).
--
-- KEYS[1]  the limiter's hash: tat, paused, gen, ceiling, since
-- ARGV[1]  "admit", "peek" (is a pause running? changes nothing) or "throttle"
-- admit:    ARGV[2] emission interval (µs, 0: no pacing), ARGV[3] tolerance (µs)
-- throttle: ARGV[2] pause (µs), ARGV[3] generation of the throttled request,
--           ARGV[4] the rate when it was throttled (the new ceiling)
-- Returns {admitted (0/1), wait (µs), generation, ceiling ("" before the first cut), since}.
-- An admitted request may still have to wait: the GCRA reserves it the next slot (up to
-- ten seconds ahead), so that processes are served in the order they asked, and sends it then.
-- Times are Redis's own clock, so the workers' clocks need not agree.

local key = KEYS[1]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local s = redis.call('HMGET', key, 'tat', 'paused', 'gen', 'ceiling', 'since')
local tat = tonumber(s[1]) or 0
local paused = tonumber(s[2]) or 0
local gen = tonumber(s[3]) or 0
local ceiling = s[4] or ''
local since = tonumber(s[5]) or 0
-- Whole microseconds as text: Lua prints large numbers in exponent form otherwise.
local function us(x) return string.format('%.0f', x) end

if ARGV[1] == 'peek' then
  if paused > now then
    return {0, us(paused - now), gen, ceiling, since}
  end
  return {1, 0, gen, ceiling, since}
elseif ARGV[1] == 'admit' then
  if paused > now then
    return {0, us(paused - now), gen, ceiling, since}
  end
  local interval = tonumber(ARGV[2])
  local wait = 0
  if interval > 0 then
    wait = math.max(0, tat - tonumber(ARGV[3]) - now)
    if wait > 10000000 then
      return {0, us(wait), gen, ceiling, since}
    end
    tat = math.max(tat, now) + interval
  end
  since = since + 1
  redis.call('HSET', key, 'tat', us(tat), 'since', since)
  redis.call('PEXPIRE', key, 86400000)
  return {1, us(wait), gen, ceiling, since}
else
  local until_ = now + tonumber(ARGV[2])
  if until_ > paused then
    paused = until_
  end
  if tonumber(ARGV[3]) == gen then
    gen = gen + 1
    ceiling = ARGV[4]
    since = 0
  end
  redis.call('HSET', key, 'paused', us(paused), 'gen', gen, 'ceiling', ceiling, 'since', since)
end
-- An idle limiter is forgotten after a day.
redis.call('PEXPIRE', key, 86400000)
return {1, 0, gen, ceiling, since}
