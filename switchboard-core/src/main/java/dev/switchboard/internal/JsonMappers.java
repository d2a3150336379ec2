package dev.switchboard.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Jackson set up for virtual threads. Jackson's default buffer pool keeps one set of buffers per
 * thread; every connection event here runs on a fresh virtual thread, so that pool would allocate
 * (and zero) new parse and write buffers for each message. These mappers share one bounded pool
 * between all threads instead.
 *
 * <p>Internal API: used by Switchboard's own modules, not by applications.
 */
public final class JsonMappers {
  private JsonMappers() {}

  /** Returns a JSON factory whose buffers are pooled across threads. */
  public static JsonFactory factory() {
    return JsonFactory.builder()
        .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
        .build();
  }

  /** Returns a mapper builder on {@link #factory()}, for further configuration. */
  public static JsonMapper.Builder builder() {
    return JsonMapper.builder(factory());
  }
}
