/**
 * Channel layers: channels and groups between connections and processes, with Django Channels'
 * semantics. {@link dev.switchboard.layer.ChannelLayer} is the SPI, {@link
 * dev.switchboard.layer.InMemoryChannelLayer} the embedded default, {@link
 * dev.switchboard.layer.LayerConfig} its settings (expiry, capacity, {@link
 * dev.switchboard.layer.Overflow} policy) and {@link dev.switchboard.layer.Names} the naming rules.
 */
package dev.switchboard.layer;
