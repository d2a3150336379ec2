/**
 * Switchboard's programming model: an {@link dev.switchboard.Application} opened once per
 * connection, the {@link dev.switchboard.Scope} that describes it, the events that flow in
 * ({@link dev.switchboard.InboundEvent}) and out ({@link dev.switchboard.OutboundEvent}), and
 * channel-layer {@link dev.switchboard.Message}s. Nothing here depends on a server or a broker.
 * 
 * <p>Start with {@link dev.switchboard.consumer} for consumers, {@link dev.switchboard.routing}
 * for routers and {@link dev.switchboard.layer} for channel layers.
 */
package dev.switchboard;
