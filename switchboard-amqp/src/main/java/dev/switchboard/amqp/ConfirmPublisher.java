package dev.switchboard.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Publishes on one channel in confirm mode: each publish returns a future completed when
 * RabbitMQ confirms it (the message is stored, replicated for quorum queues), failed when it
 * nacks it, when it is unroutable (published mandatory and returned), or when the connection
 * drops before the confirm: then the message may or may not have arrived, and the exception says
 * so. Publishes during an outage fail at once with the client's exception.
 */
final class ConfirmPublisher implements AutoCloseable {
  private final Channel channel;
  private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending =
      new ConcurrentSkipListMap<>();

  ConfirmPublisher(Connection connection) throws IOException {
    this.channel = connection.createChannel();
    channel.confirmSelect();
    channel.addConfirmListener(
        (tag, multiple) -> settle(tag, multiple, null),
        (tag, multiple) -> settle(tag, multiple, "RabbitMQ refused (nacked) the message"));
    channel.addReturnListener(r -> {
      Object seq = r.getProperties().getHeaders() == null
          ? null : r.getProperties().getHeaders().get(SEQ_HEADER);
      if (seq instanceof Long s) {
        CompletableFuture<Void> f = pending.remove(s);
        if (f != null) {
          f.completeExceptionally(new IOException("no RabbitMQ queue for routing key '"
              + r.getRoutingKey() + "' on exchange '" + r.getExchange() + "': " + r.getReplyText()));
        }
      }
    });
    channel.addShutdownListener(cause -> failAll("the connection to RabbitMQ was lost before it"
        + " confirmed the message, which may or may not have been stored: " + cause.getMessage()));
    if (channel instanceof Recoverable r) {
      r.addRecoveryListener(new RecoveryListener() {
        @Override
        public void handleRecovery(Recoverable recoverable) {
          failAll("the channel was recovered before RabbitMQ confirmed the message");
        }

        @Override
        public void handleRecoveryStarted(Recoverable recoverable) {}
      });
    }
  }

  /** The header that carries the publish sequence number, to match returned messages. */
  static final String SEQ_HEADER = "sb-seq";

  /** Publishes mandatory, with the sequence number added to the headers. */
  CompletableFuture<Void> publish(String exchange, String key, AMQP.BasicProperties props,
      byte[] body) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (this) {
      long seq = channel.getNextPublishSeqNo();
      Map<String, Object> headers = props.getHeaders() == null
          ? new java.util.HashMap<>() : new java.util.HashMap<>(props.getHeaders());
      headers.put(SEQ_HEADER, seq);
      pending.put(seq, done);
      try {
        channel.basicPublish(exchange, key, true, props.builder().headers(headers).build(), body);
      } catch (IOException | RuntimeException e) {
        pending.remove(seq);
        done.completeExceptionally(new IOException(
            "could not publish to RabbitMQ (the message was not sent): " + e, e));
      }
    }
    return done;
  }

  private void settle(long tag, boolean multiple, String failure) {
    Map<Long, CompletableFuture<Void>> done =
        multiple ? pending.headMap(tag, true) : Map.of(tag, pending.getOrDefault(tag, DONE));
    for (var it = done.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      CompletableFuture<Void> f = pending.remove(e.getKey());
      if (f != null) {
        if (failure == null) {
          f.complete(null);
        } else {
          f.completeExceptionally(new IOException(failure));
        }
      }
    }
  }

  private void failAll(String why) {
    for (Long seq : pending.keySet()) {
      CompletableFuture<Void> f = pending.remove(seq);
      if (f != null) {
        f.completeExceptionally(new IOException(why));
      }
    }
  }

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
      // already closed
    }
    failAll("the broker was closed before RabbitMQ confirmed the message");
  }
}
