package dev.switchboard.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.switchboard.tasks.spi.Consumption;
import dev.switchboard.tasks.spi.DeliveryHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link dev.switchboard.tasks.spi.Broker#consume} registration: a channel of its own with a
 * RabbitMQ consumer per task queue band, highest band registered first. Messages pushed by
 * RabbitMQ wait in a local buffer ordered by priority (still unacknowledged in RabbitMQ, so a
 * crash loses none) and the handler holds at most {@code prefetch} of them. Each band consumer
 * may hold twice that in RabbitMQ, so a waiting higher-band message is in the buffer before a
 * lower-band one is handed out.
 *
 * <p>When the channel is lost, RabbitMQ requeues every unacknowledged message; the buffer and
 * the held deliveries are dropped here too (their settles fail), and the client's recovery
 * re-registers the consumers on a new channel.
 */
final class AmqpConsumer implements Consumption {
  enum Settle { ACK, REQUEUE }

  private static final Logger log = LoggerFactory.getLogger(AmqpConsumer.class);
  private static final Comparator<AmqpDelivery> ORDER =
      Comparator.comparingInt((AmqpDelivery d) -> -d.priority).thenComparingLong(d -> d.seq);

  private final String name;
  private final int prefetch;
  private final DeliveryHandler handler;
  private final BiFunction<AmqpDelivery, String, CompletableFuture<Void>> deadLetters;
  private final Channel channel;
  private final PriorityQueue<AmqpDelivery> buffer = new PriorityQueue<>(ORDER);
  private final Set<AmqpDelivery> held = new HashSet<>();
  private final List<String> tags = new ArrayList<>();
  private final AtomicLong arrivals = new AtomicLong();
  private boolean closed;

  AmqpConsumer(Connection connection, AmqpTopology topology, String name, List<String> queues,
      int prefetch, DeliveryHandler handler,
      BiFunction<AmqpDelivery, String, CompletableFuture<Void>> deadLetters) throws IOException {
    this.name = name;
    this.prefetch = prefetch;
    this.handler = handler;
    this.deadLetters = deadLetters;
    this.channel = connection.createChannel();
    int depth = topology.type() == QueueType.QUORUM ? 2 : 1;
    channel.basicQos(Math.min(65_535, prefetch * depth), false);
    channel.addShutdownListener(cause -> {
      if (!cause.isInitiatedByApplication()) {
        lost();
      }
    });
    List<List<String>> perQueue = new ArrayList<>();
    for (String q : queues) {
      perQueue.add(topology.declareQueue(q));
    }
    // Highest band of every queue first, so its waiting messages arrive first.
    for (int band = 0; band < 3; band++) {
      for (int i = 0; i < queues.size(); i++) {
        List<String> rabbit = perQueue.get(i);
        if (band < rabbit.size()) {
          tags.add(channel.basicConsume(rabbit.get(band), false, name + ":" + rabbit.get(band),
              new Receiver(channel, queues.get(i))));
        }
      }
    }
  }

  private final class Receiver extends DefaultConsumer {
    private final String queue;

    Receiver(Channel channel, String queue) {
      super(channel);
      this.queue = queue;
    }

    @Override
    public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
      Integer p = props.getPriority();
      AmqpDelivery d = new AmqpDelivery(AmqpConsumer.this, env.getDeliveryTag(), queue,
          new String(body, StandardCharsets.UTF_8), env.isRedeliver(), p == null ? 0 : p,
          arrivals.incrementAndGet());
      boolean refuse;
      synchronized (AmqpConsumer.this) {
        refuse = closed;
        if (!refuse) {
          buffer.add(d);
        }
      }
      if (refuse) {
        d.claim(AmqpDelivery.SETTLED);
        send(d, Settle.REQUEUE);
      } else {
        pump();
      }
    }
  }

  /** Hands buffered deliveries to the handler while fewer than prefetch are held. */
  private void pump() {
    while (true) {
      AmqpDelivery next;
      synchronized (this) {
        if (closed || held.size() >= prefetch || buffer.isEmpty()) {
          return;
        }
        next = buffer.poll();
        held.add(next);
      }
      try {
        handler.onDelivery(next);
      } catch (RuntimeException e) {
        log.error("consumer {}: the delivery handler threw; the message is requeued", name, e);
        if (next.claim(AmqpDelivery.SETTLED)) {
          settle(next, Settle.REQUEUE);
        }
      }
    }
  }

  CompletableFuture<Void> settle(AmqpDelivery d, Settle how) {
    CompletableFuture<Void> sent = send(d, how);
    release(d);
    return sent;
  }

  CompletableFuture<Void> deadLetter(AmqpDelivery d, String reason) {
    return deadLetters.apply(d, reason).thenCompose(v -> settle(d, Settle.ACK));
  }

  private CompletableFuture<Void> send(AmqpDelivery d, Settle how) {
    try {
      if (how == Settle.ACK) {
        channel.basicAck(d.tag(), false);
      } else {
        channel.basicNack(d.tag(), false, true);
      }
      return CompletableFuture.completedFuture(null);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(new IOException("could not settle delivery "
          + d.tag() + " of '" + d.queue() + "' (RabbitMQ delivers it again): " + e, e));
    }
  }

  private void release(AmqpDelivery d) {
    boolean closeNow;
    synchronized (this) {
      held.remove(d);
      closeNow = closed && held.isEmpty();
    }
    if (closeNow) {
      closeChannel();
    } else {
      pump();
    }
  }

  /** Requeues held deliveries whose lease has lapsed (their holder is presumed dead). */
  void reclaimLapsed(long leaseMillis) {
    long cutoff = System.currentTimeMillis() - leaseMillis;
    List<AmqpDelivery> lapsed = new ArrayList<>();
    synchronized (this) {
      for (AmqpDelivery d : held) {
        if (d.renewedAt() < cutoff) {
          lapsed.add(d);
        }
      }
    }
    for (AmqpDelivery d : lapsed) {
      if (d.claim(AmqpDelivery.SETTLED)) {
        log.warn("consumer {}: lease of delivery {} from '{}' lapsed; it is requeued", name,
            d.tag(), d.queue());
        settle(d, Settle.REQUEUE);
      }
    }
  }

  private void lost() {
    List<AmqpDelivery> gone;
    synchronized (this) {
      gone = new ArrayList<>(held);
      gone.addAll(buffer);
      held.clear();
      buffer.clear();
    }
    gone.forEach(d -> d.claim(AmqpDelivery.LOST));
    if (!gone.isEmpty()) {
      log.warn("consumer {}: RabbitMQ channel lost with {} unsettled deliveries; RabbitMQ"
          + " requeues them", name, gone.size());
    }
  }

  @Override
  public void close() {
    List<AmqpDelivery> unsent;
    boolean closeNow;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      unsent = new ArrayList<>(buffer);
      buffer.clear();
      closeNow = held.isEmpty();
    }
    for (String tag : tags) {
      try {
        channel.basicCancel(tag);
      } catch (IOException | RuntimeException e) {
        // the channel is gone, and with it the consumer
      }
    }
    for (AmqpDelivery d : unsent) {
      if (d.claim(AmqpDelivery.SETTLED)) {
        send(d, Settle.REQUEUE);
      }
    }
    if (closeNow) {
      closeChannel();
    }
  }

  boolean isClosed() {
    synchronized (this) {
      return closed && held.isEmpty();
    }
  }

  /** Closes the channel off the caller's thread (it may be the channel's consumer thread). */
  private void closeChannel() {
    CompletableFuture.runAsync(() -> {
      try {
        channel.close();
      } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
        // already closed
      }
    });
  }
}
