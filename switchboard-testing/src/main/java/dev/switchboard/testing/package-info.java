/**
 * Testing support: communicators that drive an application without a network, a real server on
 * a free port with a WebSocket test client, a redis-server child for fault tests, load checks
 * ({@link dev.switchboard.testing.AllToAllBurst}) and the contract suites every channel layer,
 * broker and result backend passes.
 */
package dev.switchboard.testing;
