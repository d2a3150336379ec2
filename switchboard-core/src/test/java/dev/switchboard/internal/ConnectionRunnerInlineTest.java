package dev.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ConnectionHandler;
import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client messages of a non-blocking handler run on the thread that delivers them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectionRunnerInlineTest {
  private static final ConnectionRunner.Transport NO_TRANSPORT = event -> {};

  /** Records the thread and text of every event it handles. */
  private static final class RecordingHandler implements ConnectionHandler {
    final boolean nonBlocking;
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final CountDownLatch connected = new CountDownLatch(1);

    RecordingHandler(boolean nonBlocking) {
      this.nonBlocking = nonBlocking;
    }

    @Override
    public void handle(InboundEvent event) {
      threads.add(Thread.currentThread());
      switch (event) {
        case InboundEvent.WebSocketConnect c -> {
          seen.add("connect");
          connected.countDown();
        }
        case InboundEvent.WebSocketReceive r -> seen.add(r.text());
        default -> seen.add(event.getClass().getSimpleName());
      }
    }

    @Override
    public boolean nonBlocking() {
      return nonBlocking;
    }
  }

  private static ConnectionRunner runner(RecordingHandler handler) {
    return new ConnectionRunner(
        Scope.builder(Scope.Type.WEBSOCKET, "/").build(), conn -> handler, null, NO_TRANSPORT);
  }

  @Test
  void aNonBlockingHandlersMessagesRunOnTheDeliveringThread() throws Exception {
    RecordingHandler handler = new RecordingHandler(true);
    ConnectionRunner runner = runner(handler);
    runner.deliver(InboundEvent.WebSocketConnect.INSTANCE);
    assertThat(handler.connected.await(5, TimeUnit.SECONDS)).isTrue();
    awaitIdle(runner);

    runner.deliver(InboundEvent.WebSocketReceive.text("one"));
    // handled before deliver returned, on this thread
    assertThat(handler.seen).containsExactly("connect", "one");
    assertThat(handler.threads.get(0).isVirtual()).isTrue(); // connect: the virtual thread
    assertThat(handler.threads.get(1)).isSameAs(Thread.currentThread());

    runner.deliver(new InboundEvent.WebSocketDisconnect(1000, ""));
    runner.finished().get(5, TimeUnit.SECONDS);
    assertThat(handler.threads.get(2).isVirtual()).isTrue(); // disconnect may block: virtual
  }

  @Test
  void aBlockingHandlersMessagesRunOnItsVirtualThread() throws Exception {
    RecordingHandler handler = new RecordingHandler(false);
    ConnectionRunner runner = runner(handler);
    runner.deliver(InboundEvent.WebSocketConnect.INSTANCE);
    runner.deliver(InboundEvent.WebSocketReceive.text("one"));
    runner.deliver(new InboundEvent.WebSocketDisconnect(1000, ""));
    runner.finished().get(5, TimeUnit.SECONDS);
    assertThat(handler.seen).containsExactly("connect", "one", "WebSocketDisconnect");
    assertThat(handler.threads).allMatch(Thread::isVirtual);
  }

  @Test
  void messagesQueuedBehindABusyHandlerKeepTheirOrder() throws Exception {
    CountDownLatch inConnect = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> seen = new CopyOnWriteArrayList<>();
    ConnectionHandler slowConnect = new ConnectionHandler() {
      @Override
      public void handle(InboundEvent event) throws Exception {
        if (event instanceof InboundEvent.WebSocketConnect) {
          inConnect.countDown();
          assertThat(release.await(5, TimeUnit.SECONDS)).isTrue();
        } else if (event instanceof InboundEvent.WebSocketReceive r) {
          seen.add(r.text());
        }
      }

      @Override
      public boolean nonBlocking() {
        return true;
      }
    };
    ConnectionRunner runner = new ConnectionRunner(
        Scope.builder(Scope.Type.WEBSOCKET, "/").build(), conn -> slowConnect, null, NO_TRANSPORT);
    runner.deliver(InboundEvent.WebSocketConnect.INSTANCE);
    assertThat(inConnect.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 50; i++) {
      runner.deliver(InboundEvent.WebSocketReceive.text("m" + i)); // queued: the handler is busy
    }
    release.countDown();
    for (int i = 50; i < 100; i++) {
      runner.deliver(InboundEvent.WebSocketReceive.text("m" + i)); // inline once the queue drains
    }
    runner.deliver(new InboundEvent.WebSocketDisconnect(1000, ""));
    runner.finished().get(5, TimeUnit.SECONDS);
    assertThat(seen).hasSize(100);
    for (int i = 0; i < 100; i++) {
      assertThat(seen.get(i)).isEqualTo("m" + i);
    }
  }

  @Test
  void aFailingInlineHandlerClosesOnlyItsOwnConnection() throws Exception {
    List<OutboundEvent> sent = new CopyOnWriteArrayList<>();
    CountDownLatch connected = new CountDownLatch(1);
    ConnectionHandler failing = new ConnectionHandler() {
      @Override
      public void handle(InboundEvent event) {
        if (event instanceof InboundEvent.WebSocketConnect) {
          connected.countDown();
        } else if (event instanceof InboundEvent.WebSocketReceive) {
          throw new IllegalStateException("bad message");
        }
      }

      @Override
      public boolean nonBlocking() {
        return true;
      }
    };
    ConnectionRunner runner = new ConnectionRunner(
        Scope.builder(Scope.Type.WEBSOCKET, "/").build(), conn -> failing, null, sent::add);
    runner.deliver(InboundEvent.WebSocketConnect.INSTANCE);
    runner.send(OutboundEvent.WebSocketAccept.PLAIN);
    assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
    awaitIdle(runner);
    runner.deliver(InboundEvent.WebSocketReceive.text("x")); // throws on this thread
    assertThat(sent).anySatisfy(e -> assertThat(e)
        .isEqualTo(new OutboundEvent.WebSocketClose(1011, "internal error")));
  }

  /** Waits until the virtual thread that handled the connect event has let go of the runner. */
  private static void awaitIdle(ConnectionRunner runner) throws InterruptedException {
    for (int i = 0; i < 500 && runner.busy(); i++) {
      Thread.sleep(10);
    }
    assertThat(runner.busy()).isFalse();
  }
}
