package dev.switchboard.redis;

import static dev.switchboard.redis.Recording.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Message;
import dev.switchboard.layer.Subscription;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Encrypted message bodies: Redis sees no plaintext, and keys rotate without losing messages. */
@Timeout(60)
class EncryptionTest {
  private static final String OLD = "old-secret-0123456789abcdef";
  private static final String NEW = "new-secret-fedcba9876543210";
  private static final String SECRET_TEXT = "launch codes 0000";

  private final String prefix = TestRedis.uniquePrefix();
  private final List<AutoCloseable> closing = new ArrayList<>();

  private RedisChannelLayer layer(List<String> keys) {
    RedisChannelLayer layer = TestRedis.builder(prefix).encryptionKeys(keys).build();
    closing.add(layer);
    return layer;
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    TestRedis.deleteKeys(TestRedis.URI, prefix);
  }

  @Test
  void redisHoldsNoPlaintextInListsOrPublishes() throws InterruptedException {
    RedisChannelLayer sender = layer(List.of(OLD));
    RedisChannelLayer receiver = layer(List.of(OLD));
    BlockingQueue<byte[]> published = spyOnInboxes();

    await(sender.send("vault", Message.of("test.secret", "text", SECRET_TEXT)), "send");
    List<byte[]> stored = TestRedis.raw(r -> r.lrange(prefix + "ch:vault", 0, -1));
    assertThat(stored).hasSize(1);
    assertThat(contains(stored.get(0), SECRET_TEXT)).as("plaintext in the Redis list").isFalse();
    assertThat(contains(stored.get(0), "test.secret")).as("the type in the Redis list").isFalse();
    assertThat(await(receiver.receive("vault"), "the secret").getString("text")).isEqualTo(SECRET_TEXT);

    String ch = receiver.newChannel();
    Recording recording = new Recording();
    try (Subscription ignored = receiver.subscribe(ch, recording)) {
      await(sender.send(ch, Message.of("test.secret", "text", SECRET_TEXT)), "remote send");
      assertThat(recording.next("the secret").getString("text")).isEqualTo(SECRET_TEXT);
    }
    byte[] frame = published.poll(5, TimeUnit.SECONDS);
    assertThat(frame).as("the published frame").isNotNull();
    assertThat(contains(frame, SECRET_TEXT)).as("plaintext in a published frame").isFalse();
  }

  @Test
  void keysRotateFirstEncryptsAllDecrypt() {
    RedisChannelLayer before = layer(List.of(OLD));
    RedisChannelLayer during = layer(List.of(NEW, OLD));
    RedisChannelLayer after = layer(List.of(NEW));

    // a message sealed with the old key opens during the rotation
    await(before.send("q", Message.of("test.m", "n", 1)), "send with the old key");
    assertThat(await(during.receive("q"), "message 1").getLong("n")).isEqualTo(1);
    // messages sealed during the rotation use the new key: the old-only layer cannot open them
    await(during.send("q", Message.of("test.m", "n", 2)), "send during the rotation");
    assertThat(await(after.receive("q"), "message 2").getLong("n")).isEqualTo(2);
    await(during.send("q", Message.of("test.m", "n", 3)), "send during the rotation");
    var pending = before.receive("q");
    Awaitility.await("the old-key layer to drop the message it cannot open")
        .atMost(Recording.WAIT)
        .until(() -> before.redisStats().undecodable() == 1);
    assertThat(pending).isNotDone();
    pending.cancel(true);
  }

  @Test
  void layerWithoutKeysDropsEncryptedMessagesAndViceVersa() {
    RedisChannelLayer plain = layer(List.of());
    RedisChannelLayer sealed = layer(List.of(OLD));
    await(sealed.send("q1", Message.of("test.m")), "sealed send");
    var plainReceive = plain.receive("q1");
    await(plain.send("q2", Message.of("test.m")), "plain send");
    var sealedReceive = sealed.receive("q2");
    Awaitility.await("both layers to refuse the other's message")
        .atMost(Recording.WAIT)
        .until(
            () -> plain.redisStats().undecodable() == 1 && sealed.redisStats().undecodable() == 1);
    assertThat(plainReceive).isNotDone();
    assertThat(sealedReceive).isNotDone();
  }

  @Test
  void shortKeysAreRefusedWithTheRule() {
    assertThatThrownBy(() -> RedisChannelLayer.builder().encryptionKeys(List.of(NEW, "short")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encryptionKeys[1]")
        .hasMessageContaining("at least 16 characters");
  }

  private BlockingQueue<byte[]> spyOnInboxes() {
    BlockingQueue<byte[]> published = new LinkedBlockingQueue<>();
    RedisClient client = RedisClient.create(RedisClients.resources(), TestRedis.URI);
    closing.add(client::shutdown);
    StatefulRedisPubSubConnection<String, byte[]> spy = client.connectPubSub(RedisClients.CODEC);
    spy.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String pattern, String channel, byte[] message) {
            published.add(message);
          }
        });
    await(spy.async().psubscribe(prefix + "in:*").toCompletableFuture(), "psubscribe");
    return published;
  }

  private static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
  }
}
