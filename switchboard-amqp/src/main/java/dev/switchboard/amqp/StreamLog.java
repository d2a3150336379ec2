package dev.switchboard.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads and appends to RabbitMQ streams (append-only queues read without consuming) over AMQP
 * 0-9-1. A read "to the end" first appends a marker of its own and reads until it sees it, so it
 * knows it has seen everything appended before the call, without polling.
 */
final class StreamLog {
  /** A stream entry: its headers (never null) and body. */
  record Entry(Map<String, Object> headers, String body) {
    String header(String name) {
      Object v = headers.get(name);
      return v == null ? null : v.toString();
    }

    long longHeader(String name) {
      Object v = headers.get(name);
      return v instanceof Number n ? n.longValue() : 0;
    }
  }

  private static final String MARKER = "sb-marker";
  private static final long READ_TIMEOUT_S = 15;

  private final Connection connection;
  private final ConfirmPublisher publisher;

  StreamLog(Connection connection, ConfirmPublisher publisher) {
    this.connection = connection;
    this.publisher = publisher;
  }

  CompletableFuture<Void> append(String stream, Map<String, Object> headers, String body) {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .headers(new HashMap<>(headers)).deliveryMode(2).build();
    return publisher.publish("", stream, props, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns up to {@code max} entries from the start of {@code stream} (as far as its retention
   * keeps them) up to now, oldest first.
   */
  CompletableFuture<List<Entry>> readToEnd(String stream, int max) {
    String marker = UUID.randomUUID().toString();
    List<Entry> out = new ArrayList<>();
    CompletableFuture<List<Entry>> done = new CompletableFuture<>();
    return append(stream, Map.of(MARKER, marker), "").thenCompose(v -> {
      AutoCloseable reader;
      try {
        reader = subscribe(stream, true, e -> {
          if (marker.equals(e.header(MARKER)) || out.size() >= max) {
            done.complete(out);
          } else if (!done.isDone() && e.header(MARKER) == null) {
            out.add(e);
          }
        });
      } catch (IOException e) {
        return CompletableFuture.failedFuture(e);
      }
      return done.orTimeout(READ_TIMEOUT_S, TimeUnit.SECONDS)
          .whenCompleteAsync((r, e) -> closeQuietly(reader));
    });
  }

  /**
   * Calls {@code listener} with every entry of {@code stream} from its start, then with each new
   * one, until the returned handle is closed. Markers of readers are skipped.
   */
  AutoCloseable follow(String stream, Consumer<Entry> listener) throws IOException {
    return subscribe(stream, false, listener);
  }

  private AutoCloseable subscribe(String stream, boolean markers, Consumer<Entry> listener)
      throws IOException {
    Channel ch = connection.createChannel();
    ch.basicQos(500);
    ch.basicConsume(stream, false, Map.of("x-stream-offset", "first"), new DefaultConsumer(ch) {
      @Override
      public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props,
          byte[] body) throws IOException {
        Map<String, Object> headers = props.getHeaders() == null ? Map.of() : props.getHeaders();
        Entry e = new Entry(headers, new String(body, StandardCharsets.UTF_8));
        getChannel().basicAck(env.getDeliveryTag(), false);
        if (markers || !headers.containsKey(MARKER)) {
          listener.accept(e);
        }
      }
    });
    return () -> closeQuietly(ch::close);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
