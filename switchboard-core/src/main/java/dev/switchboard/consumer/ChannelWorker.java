package dev.switchboard.consumer;

import dev.switchboard.Application;
import dev.switchboard.Connection;
import dev.switchboard.ConnectionHandler;
import dev.switchboard.InboundEvent;
import dev.switchboard.Message;
import dev.switchboard.Nullable;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs background consumers for named channels, as Django Channels' {@code runworker} does: for
 * each channel, one application instance (scope type {@link Scope.Type#CHANNEL}) receives the
 * channel's messages one at a time, in order, on a virtual thread.
 *
 * <pre>{@code
 * Application workers = ChannelNameRouter.builder()
 *     .route("thumbnails", Consumer.app(Thumbnails::new)).build();
 * try (ChannelWorker w = ChannelWorker.start(layer, workers, List.of("thumbnails"))) { ... }
 * }</pre>
 *
 * <p>A handler failure is logged and the worker goes on with the next message. Backpressure: a
 * worker takes a new message from the layer only when fewer than {@value #BUFFER} wait for its
 * handler, so unreceived messages stay in the layer (and count against its capacity).
 */
public final class ChannelWorker implements AutoCloseable {
  static final int BUFFER = 16;
  private static final Logger log = LoggerFactory.getLogger(ChannelWorker.class);
  private static final AtomicLong IDS = new AtomicLong();

  private final ChannelLayer layer;
  private final List<Thread> threads = new ArrayList<>();
  private final List<CompletableFuture<?>> pending = new ArrayList<>();
  private volatile boolean closed;

  private ChannelWorker(ChannelLayer layer) {
    this.layer = layer;
  }

  /**
   * Starts consuming the given channels.
   *
   * @param layer the layer to receive from
   * @param application the application (usually a {@code ChannelNameRouter}) opened once per
   *     channel
   * @param channels the channel names; each is checked by {@link Names#checkChannel}
   * @return the running worker; close it to stop
   */
  public static ChannelWorker start(
      ChannelLayer layer, Application application, List<String> channels) {
    Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(application, "application");
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("channels must name at least one channel");
    }
    ChannelWorker worker = new ChannelWorker(layer);
    for (String channel : channels) {
      Names.checkChannel(channel);
      WorkerConnection conn = new WorkerConnection(channel, layer);
      ConnectionHandler handler;
      try {
        handler = application.open(conn);
      } catch (Exception e) {
        worker.close();
        throw new IllegalStateException("cannot open the application for channel '" + channel + "'", e);
      }
      worker.threads.add(
          Thread.ofVirtual().name("switchboard-worker-" + channel).start(() -> worker.receiveLoop(conn)));
      worker.threads.add(
          Thread.ofVirtual().name("switchboard-handler-" + channel).start(() -> worker.handleLoop(conn, handler)));
    }
    return worker;
  }

  private void receiveLoop(WorkerConnection conn) {
    while (!closed) {
      CompletableFuture<Message> next = layer.receive(conn.channel);
      synchronized (pending) {
        pending.add(next);
      }
      try {
        conn.inbox.put(next.get());
      } catch (InterruptedException | CancellationException e) {
        return;
      } catch (ExecutionException e) {
        if (!closed) {
          log.warn("worker[{}] receive failed; retrying in 1 s", conn.channel, e.getCause());
          sleepQuietly(Duration.ofSeconds(1));
        }
      } finally {
        synchronized (pending) {
          pending.remove(next);
        }
      }
    }
  }

  private void handleLoop(WorkerConnection conn, ConnectionHandler handler) {
    while (!closed) {
      Message m;
      try {
        m = conn.inbox.take();
      } catch (InterruptedException e) {
        break;
      }
      try {
        handler.handle(new InboundEvent.ChannelMessage(m));
      } catch (Exception e) {
        log.error("worker[{}] handler failed on {}", conn.channel, m, e);
      }
    }
    handler.closed();
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops receiving, interrupts the handlers and waits for them to end (at most 5 s). */
  @Override
  public void close() {
    closed = true;
    synchronized (pending) {
      pending.forEach(f -> f.cancel(false));
    }
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The connection a channel application sees: no client, messages from the layer. */
  private static final class WorkerConnection implements Connection {
    final String channel;
    final String id = "w" + IDS.incrementAndGet();
    final Scope scope;
    final ChannelLayer layer;
    final BlockingQueue<Message> inbox = new ArrayBlockingQueue<>(BUFFER);

    WorkerConnection(String channel, ChannelLayer layer) {
      this.channel = channel;
      this.scope = Scope.channel(channel);
      this.layer = layer;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Scope scope() {
      return scope;
    }

    @Override
    public void send(OutboundEvent event) {
      log.warn("worker[{}] has no client; dropped {}", channel, event);
    }

    @Override
    public boolean offer(Message message, int capacity) {
      return inbox.offer(message);
    }

    @Override
    public @Nullable ChannelLayer channelLayer() {
      return layer;
    }
  }
}
