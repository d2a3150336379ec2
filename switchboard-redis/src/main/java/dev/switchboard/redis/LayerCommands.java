package dev.switchboard.redis;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Redis side of the layer's operations, each routed to the shard that owns its name: list
 * pushes, publishes to process inboxes, group sends, process leases and channel memberships.
 */
final class LayerCommands {
  private static final int BATCH = 500;

  private final List<Shard> shards;
  private final ShardRing<Shard> ring;
  private final LayerKeys keys;
  private final Counters counters;
  private final String self;
  private final long leaseMillis;
  private final long listTtlMillis;
  private final int defaultCapacity;

  LayerCommands(
      List<Shard> shards,
      LayerKeys keys,
      Counters counters,
      String self,
      long leaseMillis,
      long expiryMillis,
      int defaultCapacity) {
    this.shards = shards;
    this.ring = new ShardRing<>(shards, s -> s.identity);
    this.keys = keys;
    this.counters = counters;
    this.self = self;
    this.leaseMillis = leaseMillis;
    // Items expire by their deadline; the key's TTL only removes abandoned lists, later, so that
    // expired items are still met (and counted) by the next push or pop.
    this.listTtlMillis = 2 * expiryMillis + 10_000;
    this.defaultCapacity = defaultCapacity;
  }

  Shard shardFor(String name) {
    return ring.shardFor(name);
  }

  /** Appends an item to a channel's list unless it is full; completes with whether it was. */
  CompletableFuture<Boolean> push(String channel, byte[] item, int capacity) {
    long now = System.currentTimeMillis();
    return ring.shardFor(channel)
        .<List<Long>>run("send to '" + channel + "'", Script.PUSH, ScriptOutputType.MULTI,
                    new String[] {keys.list(channel)},
                    item,
                    ascii(now),
                    ascii(listTtlMillis),
                    ascii(capacity))
        .thenApply(
            result -> {
              counters.expired.add(result.get(2));
              return result.get(0) == 1L;
            });
  }

  /** Publishes a frame to a process's inbox; completes with whether anyone received it. */
  CompletableFuture<Boolean> publish(String process, byte[] frame, String operation) {
    return ring.shardFor(process)
        .call(operation, r -> r.publish(keys.inbox(process), frame))
        .thenApply(
            receivers -> {
              if (receivers == 0) {
                counters.unroutable.increment();
              }
              return receivers > 0;
            });
  }

  /**
   * Sends a group message to the other processes with members in the group and to its channel
   * members in Redis: one script on the group's shard when there is a single shard, else a script
   * that lists the targets and then one command per target shard.
   */
  CompletableFuture<Void> groupSend(String group, byte[] frame, byte[] item) {
    Shard home = ring.shardFor(group);
    String operation = "group send to '" + group + "'";
    String[] groupKeys = {keys.processes(group), keys.members(group), keys.capacities(group)};
    long now = System.currentTimeMillis();
    boolean single = shards.size() == 1;
    CompletableFuture<List<Object>> script =
        home.run(operation, Script.GROUP_SEND, ScriptOutputType.MULTI,
                    groupKeys,
                    ascii(now),
                    ascii(single ? "all" : "fetch"),
                    ascii(self),
                    ascii(keys.inboxPrefix()),
                    ascii(keys.listPrefix()),
                    frame,
                    item,
                    ascii(listTtlMillis),
                    ascii(defaultCapacity));
    if (single) {
      return script.thenAccept(
          result -> {
            counters.unroutable.add((Long) result.get(1));
            counters.listDrops.add((Long) result.get(2));
            counters.expired.add((Long) result.get(3));
          });
    }
    return script.thenCompose(targets -> route(group, home, targets, frame, item, operation));
  }

  @SuppressWarnings("unchecked")
  private CompletableFuture<Void> route(
      String group, Shard home, List<Object> targets, byte[] frame, byte[] item, String operation) {
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (Object p : (List<Object>) targets.get(0)) {
      String process = utf8((byte[]) p);
      if (!process.equals(self)) {
        all.add(
            publish(process, frame, operation)
                .thenCompose(
                    reached ->
                        reached
                            ? CompletableFuture.completedFuture(null)
                            : home.call(operation, r -> r.zrem(keys.processes(group), ascii(process)))));
      }
    }
    List<Object> channels = (List<Object>) targets.get(1);
    List<Object> capacities = (List<Object>) targets.get(2);
    Map<Shard, List<Integer>> byShard = new LinkedHashMap<>();
    for (int i = 0; i < channels.size(); i++) {
      byShard.computeIfAbsent(ring.shardFor(utf8((byte[]) channels.get(i))), s -> new ArrayList<>()).add(i);
    }
    long now = System.currentTimeMillis();
    byShard.forEach(
        (shard, indexes) -> {
          String[] lists = new String[indexes.size()];
          byte[][] args = new byte[3 + indexes.size()][];
          args[0] = item;
          args[1] = ascii(now);
          args[2] = ascii(listTtlMillis);
          for (int j = 0; j < indexes.size(); j++) {
            lists[j] = keys.list(utf8((byte[]) channels.get(indexes.get(j))));
            args[3 + j] = (byte[]) capacities.get(indexes.get(j));
          }
          all.add(
              shard
                  .<List<Long>>run(operation, Script.PUSH, ScriptOutputType.MULTI, lists, args)
                  .thenAccept(
                      result -> {
                        counters.listDrops.add(result.get(1));
                        counters.expired.add(result.get(2));
                      }));
        });
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  /** Records {@code process}'s lease in a group (on joins; the heartbeat renews in bulk). */
  CompletableFuture<Void> announce(String group, String process) {
    return ring.shardFor(group)
        .run("group add to '" + group + "'", Script.ANNOUNCE, ScriptOutputType.INTEGER,
                    new String[] {keys.processes(group)},
                    ascii(process),
                    ascii(System.currentTimeMillis() + leaseMillis),
                    ascii(2 * leaseMillis))
        .thenApply(n -> null);
  }

  /** Renews this process's lease in every given group, one script per shard and batch. */
  CompletableFuture<Void> announceAll(Collection<String> groups) {
    Map<Shard, List<String>> byShard = new LinkedHashMap<>();
    for (String group : groups) {
      byShard.computeIfAbsent(ring.shardFor(group), s -> new ArrayList<>()).add(keys.processes(group));
    }
    byte[] deadline = ascii(System.currentTimeMillis() + leaseMillis);
    List<CompletableFuture<?>> all = new ArrayList<>();
    byShard.forEach(
        (shard, groupKeys) -> {
          for (int from = 0; from < groupKeys.size(); from += BATCH) {
            String[] batch =
                groupKeys.subList(from, Math.min(groupKeys.size(), from + BATCH)).toArray(String[]::new);
            all.add(
                shard.run("renewing group leases", Script.ANNOUNCE, ScriptOutputType.INTEGER,
                            batch,
                            ascii(self),
                            deadline,
                            ascii(2 * leaseMillis)));
          }
        });
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  /** Removes this process's lease from a group (its last local member left). */
  CompletableFuture<Void> withdraw(String group) {
    return ring.shardFor(group)
        .call("group discard from '" + group + "'", r -> r.zrem(keys.processes(group), ascii(self)))
        .thenApply(n -> null);
  }

  /** Adds a channel that is not process-specific to a group until {@code deadline}. */
  CompletableFuture<Void> memberAdd(String group, String channel, long deadline, int capacity, long ttl) {
    return ring.shardFor(group)
        .run("group add to '" + group + "'", Script.MEMBER_ADD, ScriptOutputType.INTEGER,
                    new String[] {keys.members(group), keys.capacities(group)},
                    ascii(channel),
                    ascii(deadline),
                    ascii(capacity),
                    ascii(ttl))
        .thenApply(n -> null);
  }

  /** Removes a channel that is not process-specific from a group. */
  CompletableFuture<Void> memberRemove(String group, String channel) {
    Shard shard = ring.shardFor(group);
    String operation = "group discard from '" + group + "'";
    CompletableFuture<Long> zrem = shard.call(operation, r -> r.zrem(keys.members(group), ascii(channel)));
    CompletableFuture<Long> hdel = shard.call(operation, r -> r.hdel(keys.capacities(group), channel));
    return CompletableFuture.allOf(zrem, hdel);
  }

  /** Deletes every key under the prefix on every shard. */
  CompletableFuture<Void> flush() {
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (Shard shard : shards) {
      all.add(scanAndDelete(shard, ScanCursor.INITIAL));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> scanAndDelete(Shard shard, ScanCursor cursor) {
    ScanArgs args = ScanArgs.Builder.matches(keys.prefix() + "*").limit(1000);
    return shard
        .call("flush", r -> r.scan(cursor, args))
        .thenCompose(
            page -> {
              CompletableFuture<?> deleted =
                  page.getKeys().isEmpty()
                      ? CompletableFuture.completedFuture(null)
                      : shard.call("flush", r -> r.unlink(page.getKeys().toArray(String[]::new)));
              return page.isFinished()
                  ? deleted.thenApply(x -> (Void) null)
                  : deleted.thenCompose(x -> scanAndDelete(shard, page));
            });
  }

  static byte[] ascii(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
