package dev.switchboard.redis.tasks;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script run with EVALSHA, falling back to EVAL when the server does not know it (first
 * use, or a restarted server); the SHA-1 is computed locally, so no SCRIPT LOAD round trip.
 */
final class Script {
  private final String source;
  private final String sha;
  private final ScriptOutputType type;

  Script(String source, ScriptOutputType type) {
    this.source = source;
    this.type = type;
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
      this.sha = HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 unavailable", e);
    }
  }

  /** Runs the script; completes with its reply converted per the output type. */
  <T> CompletableFuture<T> run(
      RedisAsyncCommands<String, String> redis, String[] keys, String... args) {
    RedisFuture<T> first = redis.evalsha(sha, type, keys, args);
    return first.toCompletableFuture().handle((v, e) -> {
      if (e == null) {
        return CompletableFuture.completedFuture(v);
      }
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RedisNoScriptException
          || String.valueOf(cause.getMessage()).startsWith("NOSCRIPT")) {
        return redis.<T>eval(source, type, keys, args).toCompletableFuture();
      }
      return CompletableFuture.<T>failedFuture(cause);
    }).thenCompose(f -> f);
  }
}
