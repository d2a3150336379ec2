/**
 * The SPIs a task backend implements (broker, result backend, beat store), each checked by a
 * contract suite in switchboard-testing.
 */
package dev.switchboard.tasks.spi;
