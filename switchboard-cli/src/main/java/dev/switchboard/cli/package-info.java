/**
 * The {@code switchboard} command (picocli): {@code demo}, {@code worker}, {@code beat}, {@code
 * info} and {@code bench tasks}; the runnable jar.
 */
package dev.switchboard.cli;
