/**
 * Internal API shared by Switchboard's own modules (the connection runner, delivery batches,
 * drop reports, JSON mappers); applications do not use it and it may change without notice.
 */
package dev.switchboard.internal;
