/**
 * The task queue on Redis: a broker on Redis streams (delayed tasks in a sorted set, leases
 * renewed while a task runs), a result backend with atomic state transitions and pub/sub
 * notification, and the beat store; chosen with {@code --broker redis://...}.
 */
package dev.switchboard.redis.tasks;
