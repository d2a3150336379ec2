package dev.switchboard.server;

import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.LayerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToLongFunction;

/**
 * Publishes a channel layer's counters as Micrometer meters, so drops and expiries show up in
 * the same place as the server's own metrics: {@code switchboard.layer.messages} tagged {@code
 * outcome} = sent, group_send, delivered, send_refused, group_send_dropped, expired.
 */
final class LayerMetrics {
  private LayerMetrics() {}

  static void bind(MeterRegistry registry, ChannelLayer layer) {
    counter(registry, layer, "sent", LayerStats::sent, "messages accepted by send");
    counter(registry, layer, "group_send", LayerStats::groupSends, "group sends");
    counter(registry, layer, "delivered", LayerStats::delivered, "messages handed to a receiver");
    counter(registry, layer, "send_refused", LayerStats::sendRefusals, "sends refused: channel full");
    counter(
        registry, layer, "group_send_dropped", LayerStats::groupSendDrops,
        "group-send deliveries skipped: member full");
    counter(registry, layer, "expired", LayerStats::expired, "messages discarded unreceived");
  }

  private static void counter(
      MeterRegistry registry, ChannelLayer layer, String outcome, ToLongFunction<LayerStats> field,
      String description) {
    FunctionCounter.builder("switchboard.layer.messages", layer, l -> field.applyAsLong(l.stats()))
        .tag("outcome", outcome)
        .description(description)
        .register(registry);
  }
}
