package dev.switchboard.amqp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.internal.JsonMappers;
import dev.switchboard.tasks.WorkerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Worker heartbeats in a RabbitMQ stream: each beat appends the worker's JSON with its expiry, a
 * clean shutdown appends an expiry of 0, and the live workers are the latest entry per worker
 * that has not expired, read to the end of the stream.
 */
final class Heartbeats {
  /** The header with the worker's (or revoked task's) id. */
  static final String ID = "sb-id";
  /** The header with the expiry, epoch milliseconds. */
  static final String EXPIRES = "sb-expires";
  private static final int MAX_READ = 1_000_000;

  private final StreamLog streams;
  private final String stream;
  private final ObjectMapper json = JsonMappers.builder().build();

  Heartbeats(StreamLog streams, String stream) {
    this.streams = streams;
    this.stream = stream;
  }

  CompletableFuture<Void> beat(WorkerInfo info, Duration ttl) {
    String record;
    try {
      record = json.writeValueAsString(info);
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
    long expires = System.currentTimeMillis() + ttl.toMillis();
    return streams.append(stream, Map.of(ID, info.id(), EXPIRES, expires), record);
  }

  CompletableFuture<Void> forget(String workerId) {
    return streams.append(stream, Map.of(ID, workerId, EXPIRES, 0L), "");
  }

  CompletableFuture<List<WorkerInfo>> live() {
    return streams.readToEnd(stream, MAX_READ).thenApply(entries -> {
      Map<String, StreamLog.Entry> latest = new LinkedHashMap<>();
      for (StreamLog.Entry e : entries) {
        latest.put(e.header(ID), e);
      }
      long now = System.currentTimeMillis();
      List<WorkerInfo> out = new ArrayList<>();
      for (StreamLog.Entry e : latest.values()) {
        if (e.longHeader(EXPIRES) > now) {
          try {
            out.add(json.readValue(e.body(), WorkerInfo.class));
          } catch (JsonProcessingException ex) {
            // a record from an incompatible version: not listed
          }
        }
      }
      out.sort(Comparator.comparing(WorkerInfo::id));
      return out;
    });
  }
}
