/**
 * The Redis channel layer: {@link dev.switchboard.redis.RedisChannelLayer}, built by {@link
 * dev.switchboard.redis.RedisLayerBuilder}, shares channels and groups between processes through
 * Redis (Lettuce), one publish per process with members for a group send, sharded by consistent
 * hashing and optionally encrypted.
 */
package dev.switchboard.redis;
