package dev.switchboard.redis.tasks;

import io.lettuce.core.ScriptOutputType;

/**
 * The Lua scripts that make multi-key steps atomic. Stream names are computed inside scripts
 * (from sorted-set members), so these assume a single Redis server, not a cluster.
 */
final class LuaScripts {
  private LuaScripts() {}

  /**
   * Promotes due delayed messages to their streams. KEYS: delayed zset. ARGV: now ms, max count.
   * Returns {promoted count, next due score or -1}.
   */
  static final Script PROMOTE = new Script("""
      local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
      for _, m in ipairs(due) do
        local nl = string.find(m, '\\n', 1, true)
        redis.call('XADD', string.sub(m, 1, nl - 1), '*', 'b', string.sub(m, nl + 1))
        redis.call('ZREM', KEYS[1], m)
      end
      local nxt = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
      if #nxt == 0 then return {#due, -1} end
      return {#due, tonumber(nxt[2])}
      """, ScriptOutputType.MULTI);

  /**
   * Renews the leases of entries still owned by a consumer (XCLAIM JUSTID with idle 0), skipping
   * entries another consumer reclaimed. KEYS: stream. ARGV: group, consumer, ids... Returns count.
   */
  static final Script EXTEND = new Script("""
      local n = 0
      for i = 3, #ARGV do
        local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
        if p[1] and p[1][2] == ARGV[2] then
          redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
          n = n + 1
        end
      end
      return n
      """, ScriptOutputType.INTEGER);

  /**
   * Settles an entry by moving it: requeue (to the same stream) or dead letter. KEYS: stream,
   * target stream. ARGV: group, id, field values to add (pairs)... Returns 1.
   */
  static final Script MOVE = new Script("""
      local fields = {}
      for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end
      if KEYS[2] == KEYS[1] then
        redis.call('XADD', KEYS[2], '*', unpack(fields))
      else
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', 10000, '*', unpack(fields))
      end
      redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
      redis.call('XDEL', KEYS[1], ARGV[2])
      return 1
      """, ScriptOutputType.INTEGER);

  /**
   * Stores a task record if the transition is legal. KEYS: result key. ARGV: new state, allowed
   * previous states as ",A,B,", record JSON, ttl ms, channel to publish the record on ('' for
   * none). Returns {1 or 0, previous state}.
   */
  static final Script STORE = new Script("""
      local cur = redis.call('HGET', KEYS[1], 's')
      if not cur then cur = 'PENDING' end
      if not string.find(ARGV[2], ',' .. cur .. ',', 1, true) then return {0, cur} end
      redis.call('HSET', KEYS[1], 's', ARGV[1], 'd', ARGV[3])
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
      if ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[5], ARGV[3]) end
      return {1, cur}
      """, ScriptOutputType.MULTI);

  /**
   * Counts a chord member once. KEYS: chord hash. ARGV: index, size, result JSON, ttl ms.
   * Returns {done, 1, results...} when the caller must dispatch, else {done, 0}.
   */
  static final Script CHORD_PART = new Script("""
      if redis.call('HSETNX', KEYS[1], 'm' .. ARGV[1], ARGV[3]) == 1 then
        redis.call('HINCRBY', KEYS[1], 'n', 1)
      end
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
      local done = tonumber(redis.call('HGET', KEYS[1], 'n'))
      local size = tonumber(ARGV[2])
      if done < size or redis.call('HEXISTS', KEYS[1], 'dispatched') == 1
          or redis.call('HEXISTS', KEYS[1], 'failed') == 1 then
        return {done, 0}
      end
      local out = {done, 1}
      for i = 0, size - 1 do out[#out + 1] = redis.call('HGET', KEYS[1], 'm' .. i) end
      return out
      """, ScriptOutputType.MULTI);
}
