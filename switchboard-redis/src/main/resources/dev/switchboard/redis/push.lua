-- Sends one item to channel lists, each checked against its own capacity.
-- KEYS: the lists. ARGV[1]: the item; ARGV[2]: now (epoch ms); ARGV[3]: list TTL (ms);
-- ARGV[3 + i]: the capacity of KEYS[i].
-- Returns {accepted, refused (full), expired items dropped}.
local now = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local accepted, refused, expired = 0, 0, 0
for i, key in ipairs(KEYS) do
  local ok, dropped = push(key, ARGV[1], tonumber(ARGV[3 + i]), now, ttl)
  expired = expired + dropped
  if ok then
    accepted = accepted + 1
  else
    refused = refused + 1
  end
end
return {accepted, refused, expired}
