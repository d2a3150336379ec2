package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.OutboundEvent;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Order on both paths of {@link OutboundQueue}: events written at once from the event loop never
 * overtake events waiting for a drain, whether the drain is pending or running.
 */
class OutboundQueueTest {
  private DefaultEventLoopGroup group;
  private Channel server;
  private Channel channel;
  private final List<String> written = new CopyOnWriteArrayList<>();
  private Consumer<String> onWrite = text -> {};

  @BeforeEach
  void connect() throws InterruptedException {
    group = new DefaultEventLoopGroup(1);
    LocalAddress address = new LocalAddress("outbound-queue-test");
    server =
        new ServerBootstrap()
            .group(group)
            .channel(LocalServerChannel.class)
            .childHandler(new ChannelInboundHandlerAdapter())
            .bind(address)
            .sync()
            .channel();
    channel =
        new Bootstrap()
            .group(group)
            .channel(LocalChannel.class)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(address)
            .sync()
            .channel();
  }

  @AfterEach
  void close() {
    channel.close().syncUninterruptibly();
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private OutboundQueue queue() {
    return new OutboundQueue(
        channel,
        1 << 20,
        new OutboundQueue.Sink() {
          @Override
          public void write(OutboundEvent event) {
            String text = ((OutboundEvent.WebSocketSend) event).text();
            written.add(text);
            onWrite.accept(text);
          }

          @Override
          public void flush() {
            written.add("flush");
          }

          @Override
          public void flushSoon() {
            written.add("flushSoon");
          }

          @Override
          public void tooSlow(long waitingBytes) {
            written.add("tooSlow");
          }
        });
  }

  /**
   * Holds the event loop in a task, offers "1" and "2" from this thread (so their drain is queued
   * behind the held task), then lets the held task finish by running {@code thenOnLoop}.
   */
  private void queueTwoBehindAHeldTask(OutboundQueue queue, Runnable thenOnLoop)
      throws InterruptedException {
    CountDownLatch offered = new CountDownLatch(1);
    var held = channel.eventLoop().submit(() -> {
      offered.await();
      thenOnLoop.run();
      return null;
    });
    queue.offer(text("1"));
    queue.offer(text("2"));
    offered.countDown();
    held.sync();
  }

  private static OutboundEvent text(String s) {
    return OutboundEvent.WebSocketSend.text(s);
  }

  @Test
  void anEventOfferedOnTheLoopWithNothingWaitingIsWrittenAtOnce() throws Exception {
    OutboundQueue queue = queue();
    List<String> seenRightAfterOffer = new CopyOnWriteArrayList<>();
    channel.eventLoop().submit(() -> {
      queue.offer(text("a"));
      seenRightAfterOffer.addAll(written);
    }).sync();
    assertThat(seenRightAfterOffer).containsExactly("a", "flushSoon");
  }

  @Test
  void anEventOfferedOnTheLoopWhileADrainIsPendingQueuesBehindTheWaitingEvents() throws Exception {
    OutboundQueue queue = queue();
    // Two events queued from this thread wait for a drain behind a held task, which then offers
    // a third from the loop before the drain ran.
    queueTwoBehindAHeldTask(queue, () -> queue.offer(text("3")));
    await().atMost(5, TimeUnit.SECONDS).until(() -> written.contains("flush"));
    assertThat(written).containsExactly("1", "2", "3", "flush");
  }

  @Test
  void anEventOfferedFromInsideADrainsWriteQueuesBehindTheRestOfTheDrain() throws Exception {
    OutboundQueue queue = queue();
    onWrite = t -> {
      if (t.equals("1")) {
        queue.offer(text("3")); // re-entrant, on the loop, while "2" still waits
      }
    };
    queueTwoBehindAHeldTask(queue, () -> {});
    await().atMost(5, TimeUnit.SECONDS).until(() -> written.contains("3"));
    assertThat(written.subList(0, 3)).containsExactly("1", "2", "3");
  }

  @Test
  void aDrainThatLeavesEveryEventWrittenLetsTheNextOfferFromTheLoopGoStraightOut()
      throws Exception {
    OutboundQueue queue = queue();
    queue.offer(text("1")); // from this thread: queued and drained by a task
    await().atMost(5, TimeUnit.SECONDS).until(() -> written.contains("flush"));
    channel.eventLoop().submit(() -> queue.offer(text("2"))).sync();
    assertThat(written).containsExactly("1", "flush", "2", "flushSoon");
  }
}
