package dev.switchboard.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.switchboard.tasks.WorkerInfo;
import dev.switchboard.tasks.spi.Broker;
import dev.switchboard.tasks.spi.Consumption;
import dev.switchboard.tasks.spi.DeadLetter;
import dev.switchboard.tasks.spi.DeliveryHandler;
import dev.switchboard.tasks.spi.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A task broker on RabbitMQ (AMQP 0-9-1, the RabbitMQ Java client); passes {@code
 * BrokerContract}. Object names are in {@link AmqpNames}.
 *
 * <ul>
 *   <li>Queues: durable quorum queues by default, or classic queues with ten priority levels
 *       ({@link QueueType}). Quorum queues dead-letter a message delivered {@code maxDeliveries}
 *       times (a task that crashes its worker every time) into the dead letters.
 *   <li>Publishing: persistent messages, mandatory, with publisher confirms: a publish completes
 *       when RabbitMQ has stored it, and fails with a clear exception when it is refused,
 *       unroutable, sent during an outage or unconfirmed when the connection drops.
 *   <li>Consuming: manual acknowledgements (the worker acks after storing the result), prefetch
 *       as asked ({@link AmqpConsumer}). A delivery is leased: if its holder does not renew it
 *       within {@link #lease()} it is requeued. RabbitMQ's consumer timeout is turned off per
 *       queue, so a long task is never taken back by RabbitMQ.
 *   <li>Delayed and ETA tasks wait in RabbitMQ in a fixed chain of TTL queues ({@link
 *       DelayRoute}), no plugin needed and never in a worker's memory.
 *   <li>Revocations, worker heartbeats and dead letters are RabbitMQ streams ({@link StreamLog}).
 *   <li>Connections recover by themselves (the client's automatic and topology recovery):
 *       queues, bindings and consumers come back after a broker restart.
 * </ul>
 */
public final class AmqpBroker implements Broker {
  /** The default lease. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  /** The default number of deliveries before a message is dead-lettered (quorum queues). */
  public static final int DEFAULT_MAX_DELIVERIES = 10;

  private final Duration lease;
  private final int maxDeliveries;
  private final Connection publishing;
  private final Connection consuming;
  private final ConfirmPublisher publisher;
  private final AmqpTopology topology;
  private final AmqpNames names;
  private final StreamLog streams;
  private final Heartbeats heartbeats;
  private final List<AmqpConsumer> consumers = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer;

  private AmqpBroker(AmqpUrl url, Duration lease) throws IOException {
    if (lease.toMillis() < 100) {
      throw new IllegalArgumentException("lease must be at least 100 ms: " + lease);
    }
    this.lease = lease;
    this.maxDeliveries = url.maxDeliveries();
    this.names = new AmqpNames(url.prefix());
    ConnectionFactory factory = AmqpConnections.factory(url.uri());
    try {
      this.publishing = factory.newConnection("switchboard-publish");
      this.consuming = factory.newConnection("switchboard-consume");
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException("timed out connecting to RabbitMQ", e);
    }
    AmqpConnections.warnOfConsumerTimeout(publishing);
    this.publisher = new ConfirmPublisher(publishing);
    this.topology = new AmqpTopology(publishing, names, url.type(), url.maxDeliveries());
    this.streams = new StreamLog(consuming, publisher);
    this.heartbeats = new Heartbeats(streams, names.workersStream());
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sb-amqp-leases");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(25, lease.toMillis() / 4);
    timer.scheduleWithFixedDelay(this::reclaimLapsed, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Returns a broker on {@code url}: {@code amqp://user:pass@host:port/vhost} with the optional
   * parameters of {@code prefix}, {@code queue_type} and {@code max_deliveries}.
   *
   * @throws IllegalArgumentException if a parameter is invalid
   * @throws UncheckedIOException if RabbitMQ cannot be reached
   */
  public static AmqpBroker create(String url) {
    return create(url, DEFAULT_LEASE);
  }

  /** Returns a broker on {@code url} whose deliveries stay leased {@code lease} without renewal. */
  public static AmqpBroker create(String url, Duration lease) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(lease, "lease");
    try {
      return new AmqpBroker(AmqpUrl.parse(url), lease);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to RabbitMQ at " + AmqpConnections.redact(url) + ": " + e, e);
    }
  }

  @Override
  public CompletableFuture<Void> publish(Envelope e) {
    Objects.requireNonNull(e, "envelope");
    String target = names.workQueue(e.queue(), topology.type(), e.priority());
    Map<String, Object> headers = new HashMap<>();
    headers.put(QUEUE_HEADER, e.queue());
    if (topology.type() == QueueType.QUORUM) {
      headers.put(DeadLetters.LIMIT, maxDeliveries);
    }
    AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder()
        .deliveryMode(2).priority(e.priority()).contentType("application/json")
        .messageId(e.id()).headers(headers);
    byte[] body = e.body().getBytes(StandardCharsets.UTF_8);
    try {
      topology.declareQueue(e.queue());
      long delay = e.etaMillis() - System.currentTimeMillis();
      if (delay > 0) {
        headers.put(DelayRoute.DESTINATION, target);
        return publisher.publish(names.delayLevel(AmqpNames.DELAY_BITS - 1),
            DelayRoute.routingKey(delay), props.build(), body);
      }
      return publisher.publish("", target, props.build(), body);
    } catch (IOException | RuntimeException ex) {
      return CompletableFuture.failedFuture(ex);
    }
  }

  /** The header that names a message's task queue. */
  static final String QUEUE_HEADER = "sb-queue";

  @Override
  public Consumption consume(
      String consumerName, List<String> queues, int prefetch, DeliveryHandler handler) {
    List<String> checked = Broker.checkConsume(consumerName, queues, prefetch, handler);
    try {
      AmqpConsumer c = new AmqpConsumer(consuming, topology, consumerName, checked,
          prefetch, handler, (d, reason) -> DeadLetters.append(streams, names, d, reason));
      consumers.add(c);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot consume " + queues + " on RabbitMQ: " + e, e);
    }
  }

  private void reclaimLapsed() {
    for (AmqpConsumer c : consumers) {
      c.reclaimLapsed(lease.toMillis());
      if (c.isClosed()) {
        consumers.remove(c);
      }
    }
  }

  @Override
  public Duration lease() {
    return lease;
  }

  @Override
  public CompletableFuture<Void> revoke(String taskId, Duration ttl) {
    long expires = System.currentTimeMillis() + ttl.toMillis();
    return streams.append(names.revokedStream(),
        Map.of(Heartbeats.ID, taskId, Heartbeats.EXPIRES, expires), "");
  }

  @Override
  public AutoCloseable watchRevoked(Consumer<String> listener) {
    try {
      return streams.follow(names.revokedStream(), e -> {
        if (e.longHeader(Heartbeats.EXPIRES) > System.currentTimeMillis()) {
          listener.accept(e.header(Heartbeats.ID));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read revocations from RabbitMQ: " + e, e);
    }
  }

  @Override
  public CompletableFuture<List<DeadLetter>> deadLetters(int max) {
    return streams.readToEnd(names.deadStream(), max)
        .thenApply(entries -> entries.stream().map(DeadLetters::of).toList());
  }

  @Override
  public CompletableFuture<Long> size(String queue) {
    Envelope.checkQueue(queue);
    return CompletableFuture.supplyAsync(() -> {
      try {
        return topology.ready(topology.declareQueue(queue));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * Deletes the RabbitMQ queues of task queue {@code queue} with the messages they hold (not its
   * delayed messages, which are dropped when they come due); for benchmarks and tests.
   */
  public CompletableFuture<Void> deleteQueue(String queue) {
    Envelope.checkQueue(queue);
    return CompletableFuture.runAsync(() -> {
      try {
        topology.deleteQueue(queue);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public CompletableFuture<Long> delayedSize() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return topology.delayed();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public CompletableFuture<Void> heartbeat(WorkerInfo info, Duration ttl) {
    return heartbeats.beat(info, ttl);
  }

  @Override
  public CompletableFuture<Void> forgetWorker(String workerId) {
    return heartbeats.forget(workerId);
  }

  @Override
  public CompletableFuture<List<WorkerInfo>> workers() {
    return heartbeats.live();
  }

  @Override
  public void close() {
    consumers.forEach(AmqpConsumer::close);
    timer.shutdownNow();
    publisher.close();
    topology.close();
    publishing.abort(2000);
    consuming.abort(2000);
  }
}
