/**
 * Routers: {@link dev.switchboard.routing.ProtocolTypeRouter} by connection type, {@link
 * dev.switchboard.routing.UrlRouter} by path pattern with parameters, {@link
 * dev.switchboard.routing.ChannelNameRouter} by channel name. Conflicting routes fail at start-up.
 */
package dev.switchboard.routing;
