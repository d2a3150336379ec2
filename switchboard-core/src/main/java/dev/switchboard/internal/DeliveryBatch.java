package dev.switchboard.internal;

import dev.switchboard.Nullable;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups the hand-offs of one fan-out (a group send reaching many connections) so that each
 * executor gets one task for the whole fan-out instead of one per connection.
 *
 * <p>A channel layer opens a batch around a group send on the sender's thread ({@link #open});
 * transports that would hand work to an executor per recipient (a socket's event loop) call
 * {@link #defer} instead, which queues the work in the batch when one is open on the calling
 * thread. {@link #close} then submits one task per distinct executor that runs that executor's
 * work in the order it was deferred. Without an open batch, {@link #defer} returns {@code false}
 * and the caller hands the work over itself, so code outside a fan-out behaves as before.
 *
 * <p>A batch can also hold values shared by every recipient of the fan-out ({@link #share}), such
 * as a frame encoded once into a buffer that each socket writes a reference to; each is released
 * once when the batch closes, after the tasks that use it were submitted (the recipients keep
 * their own references).
 *
 * <p>Batches nest: an {@link #open} inside an open batch joins it, and only the outermost {@link
 * #close} submits. A batch belongs to its thread; it is not thread-safe and must be closed on the
 * thread that opened it, in a {@code try}-with-resources block.
 *
 * <p>Internal API: used by Switchboard's own modules, not by applications.
 */
public final class DeliveryBatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeliveryBatch.class);
  private static final ThreadLocal<DeliveryBatch> CURRENT =
      ThreadLocal.withInitial(DeliveryBatch::new);

  private int depth;
  // Deferred work in order: executors[i] runs tasks[i]. Allocated on first use (a virtual thread
  // that never fans out allocates none), then reused between batches of the thread.
  private Executor[] executors = new Executor[0];
  private Runnable[] tasks = new Runnable[0];
  private int size;
  // The shared value of the fan-out (one at a time: a fan-out sends one message).
  private @Nullable Object sharedKey;
  private @Nullable Object sharedValue;
  private @Nullable Consumer<Object> sharedRelease;

  private DeliveryBatch() {}

  /**
   * Opens a batch on the calling thread, or joins the one already open; close it with
   * try-with-resources.
   */
  public static DeliveryBatch open() {
    DeliveryBatch batch = CURRENT.get();
    batch.depth++;
    return batch;
  }

  /**
   * Defers {@code task} to the batch open on the calling thread, to run on {@code executor} when
   * the batch closes.
   *
   * @return {@code false} when no batch is open on this thread: the caller must hand the task to
   *     the executor itself
   */
  public static boolean defer(Executor executor, Runnable task) {
    DeliveryBatch batch = CURRENT.get();
    if (batch.depth == 0) {
      return false;
    }
    batch.add(Objects.requireNonNull(executor, "executor"), Objects.requireNonNull(task, "task"));
    return true;
  }

  /**
   * Returns the value shared by the fan-out under way on this thread for {@code key}, creating it
   * with {@code create} when a second recipient asks (a fan-out to one recipient needs nothing
   * shared); it is released with {@code release} when the batch closes. Returns {@code null} when
   * no batch is open, for the first recipient, or when the batch already shares a value for
   * another key (a fan-out sends one message): callers then use a copy of their own.
   *
   * @param key identifies the shared value, compared by identity
   */
  @SuppressWarnings("unchecked")
  public static <K, V> @Nullable V share(
      K key, Function<? super K, ? extends V> create, Consumer<? super V> release) {
    DeliveryBatch batch = CURRENT.get();
    if (batch.depth == 0) {
      return null;
    }
    if (batch.sharedKey == null) {
      batch.sharedKey = key;
      return null;
    }
    if (batch.sharedKey != key) {
      return null;
    }
    if (batch.sharedValue == null) {
      batch.sharedValue = Objects.requireNonNull(create.apply(key), "shared value");
      batch.sharedRelease = (Consumer<Object>) release;
    }
    return (V) batch.sharedValue;
  }

  /**
   * Leaves the batch; the outermost close submits the deferred work, one task per executor, then
   * releases the shared value. Work for an executor that refuses it (shut down) is dropped.
   */
  @Override
  public void close() {
    if (depth == 0) {
      throw new IllegalStateException("no delivery batch is open on this thread");
    }
    if (--depth > 0) {
      return;
    }
    try {
      submit();
    } finally {
      releaseShared();
    }
  }

  private void add(Executor executor, Runnable task) {
    if (size == tasks.length) {
      int grown = Math.max(8, size * 2);
      executors = Arrays.copyOf(executors, grown);
      tasks = Arrays.copyOf(tasks, grown);
    }
    executors[size] = executor;
    tasks[size] = task;
    size++;
  }

  private void submit() {
    int n = size;
    size = 0;
    for (int i = 0; i < n; i++) {
      Executor executor = executors[i];
      if (executor == null) {
        continue; // already submitted with an earlier executor's run
      }
      // Collect this executor's tasks, in order, from i onwards (fan-outs touch few executors).
      int count = 0;
      for (int j = i; j < n; j++) {
        if (executors[j] == executor) {
          count++;
        }
      }
      Runnable[] mine = new Runnable[count];
      int k = 0;
      for (int j = i; j < n; j++) {
        if (executors[j] == executor) {
          mine[k++] = tasks[j];
          executors[j] = null;
          tasks[j] = null;
        }
      }
      try {
        executor.execute(count == 1 ? mine[0] : () -> runAll(mine));
      } catch (RejectedExecutionException e) {
        // the executor is shutting down, and the connections it serves with it
      }
    }
  }

  private static void runAll(Runnable[] work) {
    for (Runnable task : work) {
      try {
        task.run();
      } catch (RuntimeException e) {
        // one recipient's failure must not hold back the others sharing this task
        log.warn("deferred delivery failed", e);
      }
    }
  }

  private void releaseShared() {
    Object value = sharedValue;
    Consumer<Object> release = sharedRelease;
    sharedKey = null;
    sharedValue = null;
    sharedRelease = null;
    if (value != null && release != null) {
      release.accept(value);
    }
  }
}
