package dev.switchboard.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.tasks.memory.InMemoryBroker;
import dev.switchboard.tasks.memory.InMemoryResultBackend;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A call whose arguments make a message longer than the limit is refused at the call. */
class MessageSizeTest {
  final InMemoryBroker broker = new InMemoryBroker(Duration.ofMillis(500));
  final TaskApp app = TaskApp.builder().broker(broker)
      .resultBackend(new InMemoryResultBackend()).build();
  final Task<String, Integer> length =
      app.task("size.length", String.class, Integer.class, (ctx, s) -> s.length());

  @AfterEach
  void close() {
    app.close();
  }

  @Test
  void oversizedArgumentIsRefusedAtTheCallNamingTheLimit() {
    String big = "x".repeat(25 * 1024 * 1024);
    assertThatThrownBy(() -> length.delay(big)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TaskApp.MAX_MESSAGE_CHARS").hasMessageContaining("16,000,000")
        .hasMessageContaining("size.length");
    assertThat(broker.size("default").join()).as("nothing was queued").isZero();
  }

  @Test
  void argumentJustBelowTheLimitIsAccepted() throws Exception {
    String fits = "y".repeat(TaskApp.MAX_MESSAGE_CHARS - 1_000);
    try (Worker w = Worker.builder(app).concurrency(1).build().start()) {
      assertThat(length.delay(fits).get(Duration.ofSeconds(20))).isEqualTo(fits.length());
    }
  }
}
