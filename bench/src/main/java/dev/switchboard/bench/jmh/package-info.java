/**
 * JMH microbenchmarks of the hot path: group sends and JSON dispatch.
 */
package dev.switchboard.bench.jmh;
