package dev.switchboard.layer;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A group send to a full member is never silent: it is counted, logged at WARN (at most once per
 * ten seconds, with the count) and, under {@link Overflow#DISCONNECT}, the member is told to
 * disconnect.
 */
class OverflowTest {
  /** A listener whose inbox is always full; records the overflow notices it gets. */
  private static final class FullListener implements MessageListener {
    final List<String> overflowed = new CopyOnWriteArrayList<>();

    @Override
    public boolean offer(Message message) {
      return false;
    }

    @Override
    public void overflowed(String channel, int capacity) {
      overflowed.add(channel + " " + capacity);
    }
  }

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger layerLog = (Logger) LoggerFactory.getLogger(InMemoryChannelLayer.class);

  @BeforeEach
  void captureLog() {
    logged.start();
    layerLog.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    layerLog.detachAppender(logged);
  }

  private static InMemoryChannelLayer layer(Overflow policy) {
    return new InMemoryChannelLayer(LayerConfig.builder().capacity(7).overflow(policy).build());
  }

  @Test
  void theDefaultDropsCountsAndLogsOnceForABurstWithoutDisconnecting() {
    try (InMemoryChannelLayer layer = layer(Overflow.DROP)) {
      assertThat(LayerConfig.DEFAULTS.overflow()).isEqualTo(Overflow.DROP);
      String channel = layer.newChannel();
      FullListener full = new FullListener();
      layer.subscribe(channel, full);
      layer.groupAdd("room", channel).join();
      for (int i = 0; i < 5; i++) {
        layer.groupSend("room", Message.of("chat.message", "n", i)).join();
      }
      assertThat(layer.stats().groupSendDrops()).isEqualTo(5);
      assertThat(full.overflowed).isEmpty();
      List<ILoggingEvent> warnings =
          logged.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
      assertThat(warnings).hasSize(1); // the first drop at once; the rest wait for the interval
      assertThat(warnings.getFirst().getFormattedMessage())
          .contains("dropped 1 message(s)", "group 'room'", channel, "7 messages", "policy DROP");
    }
  }

  @Test
  void theDisconnectPolicyTellsTheFullMemberOncePerDrop() {
    try (InMemoryChannelLayer layer = layer(Overflow.DISCONNECT)) {
      String channel = layer.newChannel();
      FullListener full = new FullListener();
      layer.subscribe(channel, full);
      layer.groupAdd("room", channel).join();
      layer.groupSend("room", Message.of("chat.message")).join();
      assertThat(full.overflowed).containsExactly(channel + " 7");
      assertThat(layer.stats().groupSendDrops()).isEqualTo(1);
    }
  }

  @Test
  void aMemberWithRoomIsNeitherCountedNorTold() {
    try (InMemoryChannelLayer layer = layer(Overflow.DISCONNECT)) {
      String channel = layer.newChannel();
      List<Message> got = new CopyOnWriteArrayList<>();
      layer.subscribe(channel, got::add);
      layer.groupAdd("room", channel).join();
      layer.groupSend("room", Message.of("chat.message")).join();
      assertThat(got).hasSize(1);
      assertThat(layer.stats().groupSendDrops()).isZero();
      assertThat(logged.list).noneMatch(e -> e.getLevel() == Level.WARN);
    }
  }
}
