package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The message rate's one-number token bucket admits bursts and the average rate, no more. */
class MessageRateTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void admitsTheBurstAtOnceThenRefuses() {
    MessageRate rate = new MessageRate(10, 5);
    long state = MessageRate.FRESH;
    for (int i = 0; i < 5; i++) {
      state = rate.admit(state, 0);
      assertThat(state).as("message %d", i).isNotEqualTo(MessageRate.FRESH);
    }
    assertThat(rate.admit(state, 0)).isEqualTo(MessageRate.FRESH);
  }

  @Test
  void refillsAtTheRate() {
    MessageRate rate = new MessageRate(10, 1);
    long state = rate.admit(MessageRate.FRESH, 0);
    assertThat(rate.admit(state, SECOND / 20)).isEqualTo(MessageRate.FRESH); // 50 ms: too soon
    state = rate.admit(state, SECOND / 10);
    assertThat(state).isNotEqualTo(MessageRate.FRESH);
    long now = SECOND / 10;
    int admitted = 0;
    for (int i = 0; i < 100; i++) { // 100 messages over 5 s, one every 50 ms: half get in
      now += SECOND / 20;
      long next = rate.admit(state, now);
      if (next != MessageRate.FRESH) {
        state = next;
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(50);
  }

  @Test
  void anIdleSocketDoesNotSaveUpMoreThanTheBurst() {
    MessageRate rate = new MessageRate(10, 3);
    long state = rate.admit(MessageRate.FRESH, 0);
    long later = 3600 * SECOND;
    for (int i = 0; i < 3; i++) {
      state = rate.admit(state, later);
      assertThat(state).isNotEqualTo(MessageRate.FRESH);
    }
    assertThat(rate.admit(state, later)).isEqualTo(MessageRate.FRESH);
    assertThat(rate.admit(MessageRate.OVER, later)).isEqualTo(MessageRate.FRESH);
  }

  @Test
  void aRateOfZeroIsNoLimit() {
    assertThat(new MessageRate(0, 0).limited()).isFalse();
    assertThat(new MessageRate(1, 1).reason()).isEqualTo("message rate over 1 messages a second (bursts of 1)");
  }
}
