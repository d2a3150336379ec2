package dev.switchboard.tasks.spi;

import dev.switchboard.tasks.TaskState;

/**
 * The answer of {@link ResultBackend#store}: whether the transition was legal and applied, and
 * the state the task was in before.
 *
 * @param stored whether the new record was written
 * @param previous the state before the call ({@link TaskState#PENDING} when unknown)
 */
public record StoreOutcome(boolean stored, TaskState previous) {}
