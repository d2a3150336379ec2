package dev.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The mappers' buffer pool: per thread on platform threads, shared between virtual threads. */
class JsonMappersTest {
  private final JsonMappers.ThreadKindPool pool = JsonMappers.ThreadKindPool.INSTANCE;

  @Test
  void aPlatformThreadGetsItsOwnBuffersBack() throws Exception {
    AtomicReference<BufferRecycler> first = new AtomicReference<>();
    AtomicReference<BufferRecycler> second = new AtomicReference<>();
    AtomicReference<BufferRecycler> other = new AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> {
      first.set(pool.acquireAndLinkPooled());
      first.get().releaseToPool();
      second.set(pool.acquireAndLinkPooled());
      second.get().releaseToPool();
    });
    t.join();
    Thread.ofPlatform().start(() -> other.set(pool.acquireAndLinkPooled())).join();
    assertThat(second.get()).isSameAs(first.get());
    assertThat(other.get()).isNotSameAs(first.get()); // another platform thread has its own
  }

  @Test
  void virtualThreadsShareReleasedBuffers() throws Exception {
    AtomicReference<BufferRecycler> released = new AtomicReference<>();
    AtomicReference<Boolean> found = new AtomicReference<>(false);
    Thread.ofVirtual().start(() -> {
      BufferRecycler r = pool.acquireAndLinkPooled();
      released.set(r);
      r.releaseToPool();
    }).join();
    // A later virtual thread, taking buffers without giving them back, gets the released one
    // before the pool runs dry (other tests may have left more buffers in the shared pool).
    Thread.ofVirtual().start(() -> {
      List<BufferRecycler> taken = new ArrayList<>();
      for (int i = 0; i < 10_000 && !found.get(); i++) {
        BufferRecycler r = pool.acquireAndLinkPooled();
        taken.add(r);
        found.set(r == released.get());
      }
      taken.forEach(BufferRecycler::releaseToPool);
    }).join();
    assertThat(found.get()).isTrue();
  }

  @Test
  void aPlatformThreadMayNestUsesOfItsBuffersAndAVirtualThreadMayReleaseThem() throws Exception {
    AtomicReference<BufferRecycler> outer = new AtomicReference<>();
    AtomicReference<Object> inner = new AtomicReference<>();
    Thread.ofPlatform().start(() -> {
      outer.set(pool.acquireAndLinkPooled());
      try {
        inner.set(pool.acquireAndLinkPooled()); // a parser inside a generator, on one thread
      } catch (RuntimeException e) {
        inner.set(e);
      }
    }).join();
    assertThat(inner.get()).isSameAs(outer.get());
    // released on a virtual thread, the platform thread's recycler must not join the shared pool
    Thread.ofVirtual().start(() -> outer.get().releaseToPool()).join();
    AtomicReference<Boolean> leaked = new AtomicReference<>(false);
    Thread.ofVirtual().start(() -> {
      List<BufferRecycler> taken = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        BufferRecycler r = pool.acquireAndLinkPooled();
        taken.add(r);
        leaked.set(leaked.get() || r == outer.get());
      }
      taken.forEach(BufferRecycler::releaseToPool);
    }).join();
    assertThat(leaked.get()).isFalse();
  }

  @Test
  void mappersParseAndWriteOnBothKindsOfThread() throws Exception {
    ObjectMapper mapper = JsonMappers.builder().build();
    for (Thread.Builder b : new Thread.Builder[] {Thread.ofPlatform(), Thread.ofVirtual()}) {
      AtomicReference<String> out = new AtomicReference<>();
      b.start(() -> {
        try {
          Map<?, ?> m = mapper.readValue("{\"message\":\"hi\"}", Map.class);
          out.set(mapper.writeValueAsString(m));
        } catch (Exception e) {
          out.set(e.toString());
        }
      }).join();
      assertThat(out.get()).isEqualTo("{\"message\":\"hi\"}");
    }
  }
}
