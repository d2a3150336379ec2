-- A group send on the group's shard: drops lapsed process leases and memberships, then either
-- delivers ('all': one PUBLISH per live process, one push per channel member) or returns the
-- targets for the caller to route to other shards ('fetch').
-- KEYS[1]: process leases (zset: process -> lease deadline); KEYS[2]: channel members (zset:
-- channel -> membership deadline); KEYS[3]: member capacities (hash: channel -> capacity).
-- ARGV[1]: now (epoch ms); ARGV[2]: 'all' or 'fetch'; ARGV[3]: the sending process (skipped: it
-- delivered to its own members already); ARGV[4]: inbox channel prefix; ARGV[5]: list key
-- prefix; ARGV[6]: the pub/sub frame; ARGV[7]: the list item; ARGV[8]: list TTL (ms);
-- ARGV[9]: the capacity used when a member has none recorded.
-- 'all' returns {processes reached, processes gone, members refused, expired items dropped};
-- 'fetch' returns {processes, channels, capacities}.
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
if #lapsed > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  for _, channel in ipairs(lapsed) do
    redis.call('HDEL', KEYS[3], channel)
  end
end
local processes = redis.call('ZRANGE', KEYS[1], 0, -1)
local channels = redis.call('ZRANGE', KEYS[2], 0, -1)
local capacities = {}
for i, channel in ipairs(channels) do
  capacities[i] = redis.call('HGET', KEYS[3], channel) or ARGV[9]
end
if ARGV[2] == 'fetch' then
  return {processes, channels, capacities}
end
local reached, gone, refused, expired = 0, 0, 0, 0
for _, process in ipairs(processes) do
  if process ~= ARGV[3] then
    if redis.call('PUBLISH', ARGV[4] .. process, ARGV[6]) > 0 then
      reached = reached + 1
    else
      -- nobody listens: the process is gone, so its lease goes now rather than at its deadline
      redis.call('ZREM', KEYS[1], process)
      gone = gone + 1
    end
  end
end
local ttl = tonumber(ARGV[8])
for i, channel in ipairs(channels) do
  local ok, dropped = push(ARGV[5] .. channel, ARGV[7], tonumber(capacities[i]), now, ttl)
  expired = expired + dropped
  if not ok then
    refused = refused + 1
  end
end
return {reached, gone, refused, expired}
