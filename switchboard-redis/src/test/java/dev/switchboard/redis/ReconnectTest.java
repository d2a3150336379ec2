package dev.switchboard.redis;

import static dev.switchboard.redis.Recording.await;
import static dev.switchboard.redis.Recording.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.Message;
import dev.switchboard.testing.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A real redis-server, started by this test on a free port, stopped and started again on the
 * same port (empty, as after a restart without persistence): the layer says so, keeps local
 * delivery going, fails fast meanwhile and recovers by itself.
 */
@Timeout(90)
class ReconnectTest {
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger layerLog = (Logger) LoggerFactory.getLogger(RedisChannelLayer.class);
  private RedisServerProcess server;

  @BeforeEach
  void startRedis() throws Exception {
    server = RedisServerProcess.start();
    closing.add(server);
    logs.start();
    layerLog.setLevel(Level.INFO);
    layerLog.addAppender(logs);
  }

  @AfterEach
  void stopAll() throws Exception {
    layerLog.detachAppender(logs);
    layerLog.setLevel(null);
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  private RedisChannelLayer layer() {
    RedisChannelLayer layer =
        RedisChannelLayer.builder().uri(server.uri()).commandTimeout(Duration.ofSeconds(2)).build();
    closing.add(layer);
    return layer;
  }

  @Test
  void redisRestartIsAnnouncedSurvivedAndRecoveredFrom() throws Exception {
    RedisChannelLayer layer = layer();
    RedisChannelLayer other = layer();
    String ch = layer.newChannel();
    Recording recording = new Recording();
    closing.add(layer.subscribe(ch, recording));
    await(layer.groupAdd("room", ch), "groupAdd");
    CompletableFuture<Message> pendingJob = layer.receive("jobs");
    String shard = "127.0.0.1:" + server.port();

    server.stop();

    Message down = recording.nextOfType("layer.disconnected");
    assertThat(down.getString("redis")).isEqualTo(shard);
    long start = System.nanoTime();
    Throwable refused = awaitFailure(layer.send("jobs", Message.of("test.job")), "send during the outage");
    assertThat(refused)
        .isInstanceOf(RedisUnavailableException.class)
        .hasMessageContaining("redis[" + shard + "] is unavailable: send to 'jobs' failed");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("failing fast").isLessThan(Duration.ofSeconds(1));
    // delivery inside the process goes on
    await(layer.send(ch, Message.of("test.local")), "local send during the outage");
    assertThat(recording.next("the local message").type()).isEqualTo("test.local");
    assertThat(awaitFailure(layer.groupSend("room", Message.of("test.grouped")), "group send during the outage"))
        .isInstanceOf(RedisUnavailableException.class);
    assertThat(recording.next("the group message for the local member").type()).isEqualTo("test.grouped");
    // joining a group with a local channel still works: the membership is local
    String late = layer.newChannel();
    Recording lateRecording = new Recording();
    closing.add(layer.subscribe(late, lateRecording));
    await(layer.groupAdd("late-room", late), "groupAdd of a local channel during the outage");

    server.startAgain();

    Message up = recording.nextOfType("layer.reconnected");
    assertThat(up.getString("redis")).isEqualTo(shard);
    Awaitility.await("the group lease to be re-announced to the empty Redis")
        .atMost(Recording.WAIT)
        .until(() -> TestRedis.raw(server.uri(), r -> r.zscore("switchboard:gp:room", layer.processName().getBytes())) != null);
    Awaitility.await("the other layer to be back too")
        .atMost(Recording.WAIT)
        .ignoreExceptions()
        .until(() -> other.groupSend("room", Message.of("test.after")).get() == null);
    assertThat(recording.nextOfType("test.after").type()).isEqualTo("test.after");
    await(other.groupSend("late-room", Message.of("test.late")), "group send to the room joined during the outage");
    assertThat(lateRecording.nextOfType("test.late").type()).isEqualTo("test.late");
    await(other.send("jobs", Message.of("test.job", "n", 1)), "send after the restart");
    assertThat(await(pendingJob, "the receive that waited through the outage").getLong("n")).isEqualTo(1);
    assertThat(layer.redisStats().disconnects()).isEqualTo(1);

    List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines).anyMatch(l -> l.startsWith("redis[" + shard + "] disconnected"));
    assertThat(lines).anyMatch(l -> l.matches("redis\\[" + shard.replace(".", "\\.") + "] reconnected after \\d+ ms.*"));
  }

  @Test
  void buildFailsClearlyWhenRedisIsDown() throws Exception {
    server.stop();
    Throwable e =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> RedisChannelLayer.builder().uri(server.uri()).commandTimeout(Duration.ofMillis(500)).build());
    assertThat(e)
        .isInstanceOf(RedisUnavailableException.class)
        .hasMessageContaining("redis[127.0.0.1:" + server.port() + "] is unavailable: connecting failed");
  }
}
