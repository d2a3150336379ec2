package dev.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A runner that stops the transport's reading always starts it again once it catches up. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectionRunnerBackpressureTest {

  /** Records pause (true) and resume (false) requests. */
  private static final class RecordingTransport implements ConnectionRunner.Transport {
    final List<Boolean> pauses = new CopyOnWriteArrayList<>();

    @Override
    public void send(OutboundEvent event) {}

    @Override
    public void pauseReading(boolean pause) {
      pauses.add(pause);
    }
  }

  @Test
  void pauseIsResumedEvenWhenTheHandlerTookTheFirstEventBeforeTheBacklogGrew() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();
    RecordingTransport transport = new RecordingTransport();
    ConnectionRunner runner = new ConnectionRunner(
        Scope.builder(Scope.Type.WEBSOCKET, "/").build(),
        conn -> event -> {
          if (handled.incrementAndGet() == 1) {
            entered.countDown();
            assertThat(release.await(5, TimeUnit.SECONDS)).isTrue();
          }
        },
        null,
        transport);

    runner.deliver(InboundEvent.WebSocketReceive.text("first")); // taken at once, then blocks
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    // PAUSE_AT + 1 more: the last one crosses the mark while the handler is busy, and the first
    // event the handler takes afterwards leaves exactly PAUSE_AT waiting
    for (int i = 0; i <= ConnectionRunner.PAUSE_AT; i++) {
      runner.deliver(InboundEvent.WebSocketReceive.text("m" + i));
    }
    assertThat(transport.pauses).containsExactly(true);
    release.countDown();
    runner.deliver(new InboundEvent.WebSocketDisconnect(1000, ""));
    runner.finished().get(5, TimeUnit.SECONDS);

    assertThat(handled.get()).isEqualTo(ConnectionRunner.PAUSE_AT + 3);
    assertThat(transport.pauses).containsExactly(true, false);
  }
}
