package dev.switchboard.redis;

/**
 * A Redis shard the operation needed was unreachable (down, restarting or timing out), so the
 * operation failed fast instead of waiting for the reconnect.
 *
 * <p>The layer keeps reconnecting by itself; local delivery inside the process goes on meanwhile.
 * Retrying after {@code layer.reconnected} (or a short delay) is safe for group operations; a
 * retried {@code send} may deliver twice if the first attempt reached Redis just before the
 * connection dropped. Catch the core type {@link dev.switchboard.layer.LayerUnavailableException}
 * to handle outages of any layer.
 */
public final class RedisUnavailableException
    extends dev.switchboard.layer.LayerUnavailableException {
  private final String shard;

  /**
   * Creates the exception.
   *
   * @param shard the shard's {@code host:port}
   * @param operation what failed, such as {@code "send to 'jobs'"}
   * @param cause what Redis or the client reported
   */
  public RedisUnavailableException(String shard, String operation, Throwable cause) {
    super("redis[" + shard + "] is unavailable: " + operation + " failed: " + describe(cause), cause);
    this.shard = shard;
  }

  /** Returns the {@code host:port} of the shard that was unavailable. */
  public String shard() {
    return shard;
  }

  private static String describe(Throwable cause) {
    String m = cause.getMessage();
    return m == null ? cause.getClass().getSimpleName() : m;
  }
}
