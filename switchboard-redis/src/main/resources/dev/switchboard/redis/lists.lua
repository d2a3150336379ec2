-- Functions shared by push.lua and group_send.lua; the loader puts this file in front of them.
-- A list item is "<deadline in epoch milliseconds>|<message body>".

-- Drops items whose deadline has passed from the head of a list; returns how many.
local function purge_expired(key, now)
  local expired = 0
  while true do
    local head = redis.call('LINDEX', key, 0)
    if not head then
      return expired
    end
    local deadline = tonumber(string.match(head, '^(%d+)|'))
    if deadline ~= nil and deadline > now then
      return expired
    end
    redis.call('LPOP', key)
    expired = expired + 1
  end
end

-- Appends an item unless the list holds its capacity of unexpired items.
-- Returns whether it was appended, and how many expired items were dropped first.
local function push(key, item, capacity, now, ttl)
  local expired = purge_expired(key, now)
  if redis.call('LLEN', key) >= capacity then
    return false, expired
  end
  redis.call('RPUSH', key, item)
  redis.call('PEXPIRE', key, ttl)
  return true, expired
end
