package dev.switchboard.redis.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.internal.JsonMappers;
import dev.switchboard.tasks.WorkerInfo;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Worker heartbeats on Redis: each is a JSON key with a TTL ({@code <p>:worker:<id>}) plus an
 * entry in a sorted set scored by expiry ({@code <p>:workers}), so live workers are listed with
 * one range read and one MGET, without SCAN.
 */
final class RedisHeartbeats {
  private final RedisAsyncCommands<String, String> redis;
  private final RedisKeys keys;
  private final ObjectMapper json = JsonMappers.builder().build();

  RedisHeartbeats(RedisAsyncCommands<String, String> redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  CompletableFuture<Void> beat(WorkerInfo info, Duration ttl) {
    String record;
    try {
      record = json.writeValueAsString(info);
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
    long expires = System.currentTimeMillis() + ttl.toMillis();
    CompletableFuture<String> set = redis.set(keys.worker(info.id()), record,
        SetArgs.Builder.px(ttl.toMillis())).toCompletableFuture();
    CompletableFuture<Long> indexed =
        redis.zadd(keys.workers(), (double) expires, info.id()).toCompletableFuture();
    return CompletableFuture.allOf(set, indexed);
  }

  CompletableFuture<Void> forget(String workerId) {
    return CompletableFuture.allOf(
        redis.del(keys.worker(workerId)).toCompletableFuture(),
        redis.zrem(keys.workers(), workerId).toCompletableFuture());
  }

  CompletableFuture<List<WorkerInfo>> live() {
    long now = System.currentTimeMillis();
    redis.zremrangebyscore(keys.workers(), Range.create(Double.NEGATIVE_INFINITY, (double) now));
    return redis.zrange(keys.workers(), 0, -1).toCompletableFuture().thenCompose(ids -> {
      if (ids.isEmpty()) {
        return CompletableFuture.completedFuture(List.<WorkerInfo>of());
      }
      String[] names = ids.stream().map(keys::worker).toArray(String[]::new);
      return redis.mget(names).toCompletableFuture().thenApply(values -> {
        List<WorkerInfo> out = new ArrayList<>();
        for (KeyValue<String, String> kv : values) {
          if (kv.hasValue()) {
            try {
              out.add(json.readValue(kv.getValue(), WorkerInfo.class));
            } catch (JsonProcessingException e) {
              // a record from an incompatible version: not listed
            }
          }
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
      });
    });
  }
}
