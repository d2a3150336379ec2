/**
 * The Netty server that runs any {@link dev.switchboard.Application}: HTTP/1.1 and WebSocket,
 * static files, limits, heartbeats, metrics and graceful shutdown. {@link
 * dev.switchboard.server.SwitchboardServer} is the entry point, configured by {@link
 * dev.switchboard.server.ServerConfig}; everything else is package-private.
 */
package dev.switchboard.server;
