/**
 * The task queue: a {@link dev.switchboard.tasks.TaskApp} registers typed {@link
 * dev.switchboard.tasks.Task}s, calls return {@link dev.switchboard.tasks.AsyncResult}s, workers
 * run them at least once, and canvas, retries, rate limits and periodic tasks come with it.
 */
package dev.switchboard.tasks;
