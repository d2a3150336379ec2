/**
 * Middleware: applications that wrap another application and extend its scope, such as {@link
 * dev.switchboard.middleware.OriginValidator}; combine them with {@link
 * dev.switchboard.middleware.Middleware#chain}. Middleware keeps no per-connection state on itself.
 */
package dev.switchboard.middleware;
