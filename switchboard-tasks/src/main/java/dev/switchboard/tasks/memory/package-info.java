/**
 * In-memory broker, result backend and beat store: the embedded default, for development, tests
 * and single-process use.
 */
package dev.switchboard.tasks.memory;
