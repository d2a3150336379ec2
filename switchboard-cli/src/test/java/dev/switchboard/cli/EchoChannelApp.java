package dev.switchboard.cli;

import dev.switchboard.Application;
import dev.switchboard.Message;
import dev.switchboard.consumer.ChannelConsumer;
import dev.switchboard.consumer.Consumer;
import dev.switchboard.consumer.OnMessage;
import dev.switchboard.routing.ChannelNameRouter;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@code runworker} app for the tests: the channel named by the system property {@value
 * #CHANNEL_PROPERTY} answers each {@code echo.request} on its {@code reply_to} channel with the
 * text upper-cased and the name of the worker's channel.
 */
public final class EchoChannelApp implements Supplier<Application> {
  static final String CHANNEL_PROPERTY = "echo.channel";

  @Override
  public Application get() {
    String channel = System.getProperty(CHANNEL_PROPERTY, "echo");
    return ChannelNameRouter.builder().route(channel, Consumer.app(Echo::new)).build();
  }

  /** Answers echo requests. */
  static final class Echo extends ChannelConsumer {
    @OnMessage("echo.request")
    void request(Message m) {
      sendTo(m.getString("reply_to"), Message.of("echo.reply", Map.of(
          "text", m.getString("text").toUpperCase(java.util.Locale.ROOT),
          "worker", scope().channel())));
    }
  }
}
