package dev.switchboard.server;

import io.netty.channel.Channel;
import java.util.concurrent.RejectedExecutionException;

/** Runs work on a channel's event loop, tolerating loops that are shutting down. */
final class Tasks {
  private Tasks() {}

  /**
   * Runs {@code task} on the channel's event loop. Returns {@code false} (and drops the task)
   * when the loop no longer accepts work because the server is stopping.
   */
  static boolean run(Channel channel, Runnable task) {
    try {
      channel.eventLoop().execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }
}
