package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.switchboard.Message;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.LayerConfig;
import dev.switchboard.layer.MessageListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;

/**
 * The fixture shared by the channel layer contract suites: creating and closing layers, names
 * unique to each test, and waiting on futures with a timeout instead of sleeping.
 *
 * <p>Extend {@link ChannelLayerContract}, not this class.
 */
public abstract class LayerContractSupport {
  /** How long a test waits for something that should happen before it fails. */
  protected static final Duration WAIT = Duration.ofSeconds(5);

  private final List<ChannelLayer> layers = new ArrayList<>();
  private final List<ExecutorService> pools = new ArrayList<>();
  // JUnit creates an instance per test, so names never collide with another test's leftovers.
  private final String token =
      Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);

  /**
   * Creates the layer under test, empty, with the given configuration. Called once or more per
   * test; every layer it returns is closed after the test.
   */
  protected abstract ChannelLayer createLayer(LayerConfig config);

  /** Returns a new layer with the given configuration, closed after the test. */
  protected final ChannelLayer layer(LayerConfig config) {
    ChannelLayer layer = createLayer(config);
    layers.add(layer);
    return layer;
  }

  /** Returns a new layer with {@link LayerConfig#DEFAULTS}, closed after the test. */
  protected final ChannelLayer layer() {
    return layer(LayerConfig.DEFAULTS);
  }

  /** Returns a pool of {@code n} threads for concurrent senders or receivers, stopped after it. */
  protected final ExecutorService threads(int n) {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    pools.add(pool);
    return pool;
  }

  @AfterEach
  final void closeLayersAndThreads() {
    for (ExecutorService pool : pools) {
      pool.shutdownNow();
    }
    for (ChannelLayer layer : layers) {
      layer.close();
    }
  }

  /** Returns a channel or group name starting with {@code base} and unique to this test. */
  protected final String name(String base) {
    return base + "." + token;
  }

  /** Returns the test message number {@code n}. */
  protected static Message msg(int n) {
    return Message.of("test.message", "n", n);
  }

  /** Waits for a future's value, failing the test with "timed out waiting for {@code what}". */
  protected static <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return fail("timed out waiting for " + what);
    } catch (ExecutionException e) {
      return fail(what + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted waiting for " + what);
    }
  }

  /** Waits for a future to fail and returns the cause. */
  protected static Throwable awaitFailure(CompletableFuture<?> future, String what) {
    try {
      Object value = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return fail(what + " should have failed but completed with " + value);
    } catch (TimeoutException e) {
      return fail("timed out waiting for " + what + " to fail");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted waiting for " + what);
    }
  }

  /** Receives the next message of {@code channel} and checks that it is {@code expected}. */
  protected static void assertReceives(ChannelLayer layer, String channel, Message expected) {
    assertThat(await(layer.receive(channel), "a message on " + channel))
        .as("next message on %s", channel)
        .isEqualTo(expected);
  }

  /**
   * Checks that nothing else is queued on {@code channel}: sends a marker and receives it next.
   * Per-channel FIFO makes this exact without waiting for something not to happen.
   */
  protected static void assertNothingQueued(ChannelLayer layer, String channel) {
    Message marker = Message.of("test.marker");
    await(layer.send(channel, marker), "marker send to " + channel);
    assertReceives(layer, channel, marker);
  }

  /**
   * Lets real time pass. Used only where the behaviour under test is the passing of time (expiry),
   * never to wait for something to happen.
   */
  protected static void letTimePass(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted while letting time pass");
    }
  }

  /** A subscriber that records messages and can be told to refuse them. */
  protected static final class RecordingListener implements MessageListener {
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private volatile boolean refusing;

    /** Makes {@link #offer} return false (a full inbox) from now on. */
    public RecordingListener refuse() {
      refusing = true;
      return this;
    }

    @Override
    public boolean offer(Message message) {
      return !refusing && messages.add(message);
    }

    /** Returns the next recorded message, failing with "timed out waiting for {@code what}". */
    public Message next(String what) throws InterruptedException {
      Message m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (m == null) {
        fail("timed out waiting for " + what);
      }
      return m;
    }

    /** Checks that no message is recorded beyond those taken with {@link #next}. */
    public void assertEmpty() {
      assertThat(messages).as("unexpected messages at the subscriber").isEmpty();
    }
  }
}
