package dev.switchboard.tasks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The handles of a {@link TaskApp#group}: one {@link AsyncResult} per member, in order.
 *
 * @param <R> the members' result type
 */
public final class GroupResult<R> {
  private final List<AsyncResult<R>> results;

  GroupResult(List<AsyncResult<R>> results) {
    this.results = List.copyOf(results);
  }

  /** Returns the members' handles, in order. */
  public List<AsyncResult<R>> results() {
    return results;
  }

  /** Returns how many members have finished (in any terminal state). */
  public int completedCount() {
    int n = 0;
    for (AsyncResult<R> r : results) {
      if (r.ready()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Waits for every member, up to {@code timeout} in total, and returns their results in order.
   *
   * @throws TimeoutException if some member has not finished in time
   * @throws TaskFailedException for the first failed member, in order
   * @throws InterruptedException if interrupted
   */
  public List<R> get(Duration timeout) throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<R> out = new ArrayList<>(results.size());
    for (AsyncResult<R> r : results) {
      long left = Math.max(0, deadline - System.nanoTime());
      out.add(r.get(Duration.ofNanos(left)));
    }
    return out;
  }
}
