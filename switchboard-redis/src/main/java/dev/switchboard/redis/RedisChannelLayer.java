package dev.switchboard.redis;

import dev.switchboard.Message;
import dev.switchboard.Nullable;
import dev.switchboard.internal.LayerLifecycle;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.layer.LayerConfig;
import dev.switchboard.layer.LayerStats;
import dev.switchboard.layer.MessageListener;
import dev.switchboard.layer.Names;
import dev.switchboard.layer.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChannelLayer} on Redis that lets any number of server and worker processes share
 * channels and groups, with the semantics of {@link InMemoryChannelLayer}: per-channel FIFO, at
 * most once, expiry, capacity and {@link dev.switchboard.layer.ChannelFullException}, group
 * expiry, the naming rules. Built by {@link #builder()}.
 *
 * <h2>Where messages live</h2>
 *
 * <ul>
 *   <li><b>Process-specific channels</b> ({@link #newChannel()}: {@code
 *       "specific.<process>!<suffix>"}) live in the memory of the process that created them. A
 *       send from the same process is delivered directly, with no Redis round trip. Another
 *       process publishes the message to the owner's single receiver (a Redis pub/sub channel per
 *       process), which hands it to the local subscriber or queue. Capacity is enforced at the
 *       owner: a remote send to a full channel cannot fail at the sender, so the owner drops it and
 *       counts it ({@link RedisLayerStats#remoteRefusals()}, and {@code sendRefusals}). A send to a
 *       process that no longer runs reaches nobody and is counted as {@link
 *       RedisLayerStats#unroutable()}. Only the owning process may receive or subscribe.
 *   <li><b>Other channels</b> (such as {@code "jobs"}) are Redis lists: capacity is checked and
 *       the message appended in one Lua script; each item carries its deadline, expired items are
 *       dropped when met (and the list's TTL removes abandoned lists); receives wait in a
 *       blocking pop on a dedicated connection, so nothing polls.
 *   <li><b>Groups</b>: Redis keeps, per group, a sorted set of the processes with local members
 *       (score: lease deadline) and a sorted set of members that are not process-specific (score:
 *       membership deadline). Each process keeps its own group to channel table, with the group
 *       expiry. {@link #groupSend} delivers to the sender's own members in memory, then one Lua
 *       script on the group's shard purges lapsed entries, publishes the message once per other
 *       live process and pushes it to the list members. Redis work is proportional to the number
 *       of processes with members, not to the number of members; each process fans out to its
 *       own. Full members are skipped and counted in {@code groupSendDrops}.
 *   <li><b>Leases</b>: every process renews its leases every third of {@link
 *       RedisLayerBuilder#processLeaseSeconds} (default 30 s, renewed every 10 s). A crashed
 *       process's leases lapse and are purged by the next group send (sooner if a publish finds
 *       nobody listening), so groups do not grow without bound.
 * </ul>
 *
 * <h2>Sharding</h2>
 *
 * With several URIs, channel, group and process names are spread over the hosts by consistent
 * hashing (160 virtual nodes per host, placed by {@code host:port/db}, so the order of the list
 * does not matter). A process's receiver lives on the shard its process name hashes to. Changing
 * the host list rehashes about 1/n of the names per host added or removed: messages queued under
 * a moved name and memberships of list channels stay on the old host, unreachable, until they
 * expire; process leases reappear on the new host with the next heartbeat (within a third of the
 * lease). Change the list on every process at once, ideally while idle.
 *
 * <h2>Outages</h2>
 *
 * Lettuce reconnects by itself (retrying after 50 ms, backing off to 1 s). While a shard is down,
 * operations that need it fail fast with {@link RedisUnavailableException} (a group send still
 * reaches this process's own members first); delivery inside the process goes on, so servers
 * keep serving their sockets, and {@link #groupAdd} / {@link
 * #groupDiscard} of this process's own channels still succeed (the membership is local; the lease
 * follows on reconnect). Waiting receives keep waiting. The layer logs {@code "redis[host:port]
 * disconnected ..."} and {@code "redis[host:port] reconnected after N ms ..."}, pushes {@code
 * Message.of("layer.disconnected")} and {@code Message.of("layer.reconnected")} (field {@code
 * redis}: the shard) to every local subscriber, and on reconnect re-announces its group leases
 * (Redis may have restarted empty). Messages in flight during the outage are lost (at most once).
 *
 * <h2>Encryption</h2>
 *
 * With {@link RedisLayerBuilder#encryptionKeys}, message bodies are sealed with AES-256-GCM
 * before they reach Redis (lists and pub/sub alike); the first key encrypts, all keys decrypt.
 * Channel and group names stay readable: they are Redis keys. Bodies are CBOR, which carries byte
 * arrays natively.
 *
 * <p>{@link #flush()} deletes every key under the layer's prefix and this process's local state;
 * other processes keep their local channels and memberships (their leases return with their next
 * heartbeat). Thread-safe; no method blocks except {@link
 * RedisLayerBuilder#build()} (connecting) and {@link #close()}. Futures of operations that go
 * through Redis complete on Lettuce's I/O threads: wait for them ({@code get}/{@code join}, cheap
 * on virtual threads) or chain with the {@code *Async} methods; a blocking callback chained with a
 * plain {@code thenApply} would stall that shard's connection. Receives on list channels complete
 * on a virtual thread of the layer.
 */
public final class RedisChannelLayer implements ChannelLayer {
  private static final Logger log = LoggerFactory.getLogger(RedisChannelLayer.class);

  private final String id = LayerKeys.randomChars(12);
  private final String process = "specific." + id;
  private final LayerConfig config;
  private final long groupExpiryNanos;
  private final Counters counters = new Counters();
  private final InMemoryChannelLayer local;
  private final LocalGroups groups = new LocalGroups();
  private final Subscribers subscribers = new Subscribers();
  private final ExecutorService executor;
  private final List<Shard> shards = new ArrayList<>();
  private final LayerCommands redis;
  private final GroupRouting groupOps;
  private final ChannelOps channels;
  private final LeaseRenewal heartbeat;
  private final AtomicLong channelSeq = new AtomicLong();
  private final LayerLifecycle lifecycle = new LayerLifecycle(id);

  RedisChannelLayer(RedisLayerBuilder b) {
    this.config = b.config;
    this.groupExpiryNanos = Math.min(config.groupExpiry().toNanos(), Long.MAX_VALUE / 4);
    this.local = new InMemoryChannelLayer(config);
    this.executor =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("switchboard-redis-" + id + "-", 0).factory());
    MessageCodec codec =
        new MessageCodec(b.encryptionKeys.isEmpty() ? null : new BodyCipher(b.encryptionKeys));
    LayerKeys keys = new LayerKeys(b.keyPrefix);
    long leaseMillis = b.processLease.toMillis();
    ShardEvents events = new ShardEvents(counters, subscribers, groups, lifecycle::isClosed);
    try {
      for (var uri : b.uris) {
        shards.add(new Shard(uri, b.commandTimeout, events));
      }
      this.redis =
          new LayerCommands(
              shards, keys, counters, process, leaseMillis, config.expiry().toMillis(), config.capacity());
      IncomingFrames inbound =
          new IncomingFrames(process, local, groups, redis, codec, counters, groupExpiryNanos);
      this.groupOps = new GroupRouting(process, config, local, inbound, redis, codec, counters);
      this.channels =
          new ChannelOps(config, codec, redis, keys, counters, executor, inbound.listSink());
      // this process's one receiver; Lettuce keeps the subscription (and re-subscribes) until close
      new ProcessInbox(redis.shardFor(process), keys.inbox(process), b.commandTimeout, inbound::frame);
    } catch (RuntimeException e) {
      shards.forEach(s -> s.close(Duration.ofSeconds(1)));
      local.close();
      executor.shutdownNow();
      throw e;
    }
    events.ready(redis, channels.receivers());
    this.heartbeat = new LeaseRenewal(id, groups, redis, Duration.ofMillis(Math.max(100, leaseMillis / 3)));
    log.info(
        "layer[{}] redis channel layer up on {} shard(s) {}, process {}{}",
        id,
        shards.size(),
        b.redactedUris(),
        process,
        codec.encrypting() ? ", bodies encrypted" : "");
  }

  /** Returns a builder: set at least {@link RedisLayerBuilder#uris} or {@link RedisLayerBuilder#uri}. */
  public static RedisLayerBuilder builder() {
    return new RedisLayerBuilder();
  }

  /**
   * Returns a layer on the hosts named by system property {@code property}, else by environment
   * variable {@code env} (comma-separated URIs, as {@code SWITCHBOARD_REDIS_URL}), or null when
   * neither names one: how worker apps find the layer the demo uses.
   *
   * @throws IllegalArgumentException if a URI is malformed
   * @throws RedisUnavailableException if Redis cannot be reached
   */
  public static @Nullable RedisChannelLayer fromSetting(String property, String env) {
    String uris = System.getProperty(property, System.getenv(env));
    if (uris == null || uris.isBlank()) {
      return null;
    }
    return builder()
        .uris(Arrays.stream(uris.split(",")).map(String::strip).filter(u -> !u.isEmpty()).toList())
        .build();
  }

  /** Returns this process's name: the part before '!' of its channel names. */
  public String processName() {
    return process;
  }

  @Override
  public CompletableFuture<Void> send(String channel, Message message) {
    Names.checkChannel(channel);
    Objects.requireNonNull(message, "message");
    if (lifecycle.isClosed()) {
      return lifecycle.refused("send");
    }
    if (!Names.isProcessSpecific(channel)) {
      return channels.sendToList(channel, message);
    }
    String owner = LayerKeys.processOf(channel);
    if (!owner.equals(process)) {
      return channels.sendToProcess(owner, channel, message);
    }
    CompletableFuture<Void> done = local.send(channel, message);
    if (done.isCompletedExceptionally()) {
      counters.sendRefusals.increment();
    } else {
      counters.sent.increment();
    }
    return done;
  }

  @Override
  public CompletableFuture<Message> receive(String channel) {
    Names.checkChannel(channel);
    if (lifecycle.isClosed()) {
      return lifecycle.refused("receive");
    }
    if (Names.isProcessSpecific(channel)) {
      return isMine(channel) ? local.receive(channel) : CompletableFuture.failedFuture(notMine(channel, "receive"));
    }
    return channels.receiveFromList(channel);
  }

  @Override
  public String newChannel() {
    return process + "!" + Long.toString(channelSeq.incrementAndGet(), 36) + "_" + LayerKeys.randomChars(10);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the channel was not created by this layer's {@link
   *     #newChannel()}: other channels are received with {@link #receive}
   */
  @Override
  public Subscription subscribe(String channel, MessageListener listener) {
    Names.checkChannel(channel);
    Objects.requireNonNull(listener, "listener");
    if (!isMine(channel)) {
      throw notMine(channel, "subscribe");
    }
    return subscribers.track(channel, listener, local.subscribe(channel, listener));
  }

  @Override
  public CompletableFuture<Void> groupAdd(String group, String channel) {
    Names.checkGroup(group);
    Names.checkChannel(channel);
    return lifecycle.isClosed() ? lifecycle.refused("groupAdd") : groupOps.add(group, channel);
  }

  @Override
  public CompletableFuture<Void> groupDiscard(String group, String channel) {
    Names.checkGroup(group);
    Names.checkChannel(channel);
    return lifecycle.isClosed() ? lifecycle.refused("groupDiscard") : groupOps.discard(group, channel);
  }

  @Override
  public CompletableFuture<Void> groupSend(String group, Message message) {
    Names.checkGroup(group);
    Objects.requireNonNull(message, "message");
    return lifecycle.isClosed() ? lifecycle.refused("groupSend") : groupOps.send(group, message);
  }

  @Override
  public int capacity(String channel) {
    return config.capacityOf(Names.checkChannel(channel));
  }

  @Override
  public CompletableFuture<Void> flush() {
    if (lifecycle.isClosed()) {
      return lifecycle.refused("flush");
    }
    groups.clear();
    local.flush();
    return redis.flush();
  }

  @Override
  public LayerStats stats() {
    return counters.snapshot(local.stats());
  }

  /** Returns the Redis-specific counters: unroutable messages, remote refusals, disconnects. */
  public RedisLayerStats redisStats() {
    return counters.redis();
  }

  /**
   * Withdraws this process's group leases (waiting at most 1 s), fails waiting receives, and
   * closes the connections; idempotent.
   */
  @Override
  public void close() {
    if (!lifecycle.close()) {
      return;
    }
    heartbeat.close();
    try {
      CompletableFuture.allOf(groups.groups().stream().map(redis::withdraw).toArray(CompletableFuture[]::new))
          .get(1, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("layer[{}] could not withdraw group leases at close: {}", id, e.toString());
    }
    channels.receivers().forEach(ListReceiver::close);
    local.close();
    shards.forEach(s -> s.close(Duration.ofSeconds(2)));
    executor.shutdown();
    log.debug("layer[{}] closed", id);
  }

  @Override
  public String toString() {
    return "RedisChannelLayer[" + process + "]";
  }

  private boolean isMine(String channel) {
    return groupOps.isMine(channel);
  }

  private IllegalArgumentException notMine(String channel, String operation) {
    return new IllegalArgumentException(
        operation
            + " needs a channel from newChannel() of this layer (process '"
            + process
            + "'); other processes' channels are theirs to receive, and channels without '!'"
            + " are received with receive(): '"
            + channel
            + "'");
  }

}
