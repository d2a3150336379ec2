-- Adds a channel (one that is not process-specific) to a group, or renews its membership.
-- KEYS[1]: the group's channel members (zset); KEYS[2]: their capacities (hash).
-- ARGV[1]: the channel; ARGV[2]: membership deadline (epoch ms); ARGV[3]: the channel's
-- capacity; ARGV[4]: the keys' minimum time to live (ms).
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
local ttl = tonumber(ARGV[4])
for _, key in ipairs(KEYS) do
  if redis.call('PTTL', key) < ttl then
    redis.call('PEXPIRE', key, ttl)
  end
end
return 1
