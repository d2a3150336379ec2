/**
 * The real-time benchmarks: the load generator, the raw-Netty baseline server and the summary of
 * results; see BENCHMARKS.md for the method.
 */
package dev.switchboard.bench;
