package dev.switchboard.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Jackson set up for virtual threads. Jackson's default buffer pool keeps one set of buffers per
 * thread; every connection event here runs on a fresh virtual thread, so that pool would allocate
 * (and zero) new parse and write buffers for each message. These mappers take buffers from a
 * pool shared by all virtual threads instead, and, on platform threads (the event loops, where
 * non-blocking handlers run), from the thread's own: no lock-free queue operations there.
 *
 * <p>Internal API: used by Switchboard's own modules, not by applications.
 */
public final class JsonMappers {
  private JsonMappers() {}

  /** Returns a JSON factory whose buffers are pooled by kind of thread ({@link ThreadKindPool}). */
  public static JsonFactory factory() {
    return JsonFactory.builder()
        .recyclerPool(ThreadKindPool.INSTANCE)
        .build();
  }

  /** Returns a mapper builder on {@link #factory()}, for further configuration. */
  public static JsonMapper.Builder builder() {
    return JsonMapper.builder(factory());
  }

  /**
   * Jackson's per-thread pool on platform threads, which live long and reuse their buffers, and
   * one shared pool on virtual threads, which each handle a message or a few. Each recycler is
   * linked to the pool it came from ({@link #acquireAndLinkPooled}), so it goes back there
   * whichever thread releases it: the per-thread pool takes nothing back (its thread keeps its
   * recycler, nested uses included), the shared one takes back what virtual threads took.
   */
  static final class ThreadKindPool implements RecyclerPool<BufferRecycler> {
    private static final long serialVersionUID = 1L;
    static final ThreadKindPool INSTANCE = new ThreadKindPool();

    private final RecyclerPool<BufferRecycler> perThread = JsonRecyclerPools.threadLocalPool();
    private final RecyclerPool<BufferRecycler> shared = JsonRecyclerPools.newConcurrentDequePool();

    private ThreadKindPool() {}

    @Override
    public BufferRecycler acquireAndLinkPooled() {
      return pool().acquireAndLinkPooled();
    }

    @Override
    public BufferRecycler acquirePooled() {
      return pool().acquirePooled();
    }

    /** Not reached through Jackson (recyclers link to the inner pools); kept for direct use. */
    @Override
    public void releasePooled(BufferRecycler recycler) {
      pool().releasePooled(recycler);
    }

    private RecyclerPool<BufferRecycler> pool() {
      return Thread.currentThread().isVirtual() ? shared : perThread;
    }

    // One pool per process: deserializing a factory gets it back.
    private Object readResolve() {
      return INSTANCE;
    }
  }
}
