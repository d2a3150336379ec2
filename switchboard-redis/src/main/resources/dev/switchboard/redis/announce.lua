-- Records a process's lease in the process sets of several groups (group add and heartbeat).
-- KEYS: the groups' process sets. ARGV[1]: the process; ARGV[2]: lease deadline (epoch ms);
-- ARGV[3]: the sets' minimum time to live (ms), so a set outlives the leases in it.
local ttl = tonumber(ARGV[3])
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, ARGV[2], ARGV[1])
  if redis.call('PTTL', key) < ttl then
    redis.call('PEXPIRE', key, ttl)
  end
end
return #KEYS
