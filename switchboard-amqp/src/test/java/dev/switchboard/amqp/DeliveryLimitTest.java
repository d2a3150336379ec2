package dev.switchboard.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.tasks.spi.DeadLetter;
import dev.switchboard.tasks.spi.Delivery;
import dev.switchboard.tasks.spi.Envelope;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A message whose consumer dies holding it (its connection closes without a settle, as when a
 * worker process halts) is dead-lettered with the reason after max_deliveries deliveries.
 */
@Timeout(60)
class DeliveryLimitTest {
  private static final String PREFIX = "sbtest-limit";
  private final String queue = "d-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void deleteTestQueues() throws Exception {
    RabbitTestSupport.deleteQueues(PREFIX, queue);
  }

  private static AmqpBroker broker() {
    return AmqpBroker.create(RabbitTestSupport.URL + "?prefix=" + PREFIX + "&max_deliveries=3");
  }

  @Test
  void messageWhoseHolderDiesThreeTimesIsDeadLetteredWithTheReason() throws Exception {
    String body = "{\"crash\":\"" + queue + "\"}";
    try (AmqpBroker publisher = broker()) {
      publisher.publish(new Envelope("id-" + queue, queue, 5, 0, body)).join();
    }
    for (int i = 1; i <= 3; i++) {
      AmqpBroker doomed = broker();
      BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
      doomed.consume("doomed-" + i, List.of(queue), 1, got::add);
      Delivery d = got.poll(10, TimeUnit.SECONDS);
      assertThat(d).as("delivery " + i).isNotNull();
      assertThat(d.redelivered()).isEqualTo(i > 1);
      doomed.close(); // the connection goes without a settle: RabbitMQ takes the message back
    }
    try (AmqpBroker survivor = broker()) {
      BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
      survivor.consume("survivor", List.of(queue), 1, got::add);
      assertThat(got.poll(1500, TimeUnit.MILLISECONDS)).as("a fourth delivery").isNull();
      List<DeadLetter> dead = survivor.deadLetters(100_000).join().stream()
          .filter(x -> x.queue().equals(queue)).toList();
      assertThat(dead).singleElement().satisfies(x -> {
        assertThat(x.body()).isEqualTo(body);
        assertThat(x.reason()).contains("delivered 3 times").contains("max_deliveries");
      });
      assertThat(survivor.size(queue).join()).isZero();
    }
  }
}
