package dev.switchboard.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script of the layer, run by its SHA-1 digest ({@code EVALSHA}) and sent in full ({@code
 * EVAL}) only when the server does not know it yet, as after a Redis restart.
 *
 * <p>The scripts live next to this class as {@code .lua} resources; {@code lists.lua} holds
 * functions shared by several scripts and is put in front of those that use them. The scripts
 * touch keys they compute from prefixes (list keys of group members, inbox channels), which a
 * plain Redis server allows; the layer shards by itself and does not use Redis Cluster.
 */
final class Script {
  static final Script PUSH = load("push.lua", true);
  static final Script GROUP_SEND = load("group_send.lua", true);
  static final Script ANNOUNCE = load("announce.lua", false);
  static final Script MEMBER_ADD = load("member_add.lua", false);

  private final String name;
  private final byte[] source;
  private final String sha;

  private Script(String name, String source) {
    this.name = name;
    this.source = source.getBytes(StandardCharsets.UTF_8);
    this.sha = sha1(this.source);
  }

  /**
   * Runs the script on a connection: EVAL (the source) until the server has run it once on this
   * connection, EVALSHA (the digest) after that.
   *
   * <p>Why not EVALSHA first, with EVAL on NOSCRIPT, as usual? Commands on a connection are
   * pipelined. On a server that does not know the script yet (just started, or restarted), the
   * EVALSHAs sent before the first NOSCRIPT reply is read all fail, and each EVAL retry goes out
   * only when its failure is read; an EVALSHA sent meanwhile, once an earlier retry has loaded
   * the script, succeeds first. Group sends then reach other processes out of order. Sending the
   * source until the first reply keeps every command in the order it was issued.
   *
   * <p>{@code loaded} holds the scripts the server has run on this connection; the caller clears
   * it when the connection drops (a reconnected server may be a restarted one). If a server
   * forgets a script without a reconnect ({@code SCRIPT FLUSH}), the NOSCRIPT reply is retried
   * with EVAL and the script is marked unknown again; only that case can reorder.
   *
   * @return the script's reply, converted as {@code type} says
   */
  <T> CompletableFuture<T> run(
      RedisAsyncCommands<String, byte[]> redis,
      Set<Script> loaded,
      ScriptOutputType type,
      String[] keys,
      byte[]... args) {
    if (!loaded.contains(this)) {
      CompletableFuture<T> bySource = redis.<T>eval(source, type, keys, args).toCompletableFuture();
      bySource.thenRun(() -> loaded.add(this));
      return bySource;
    }
    CompletableFuture<T> bySha = redis.<T>evalsha(sha, type, keys, args).toCompletableFuture();
    return bySha.exceptionallyCompose(
        e -> {
          Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          if (cause instanceof RedisNoScriptException) {
            loaded.remove(this);
            return redis.<T>eval(source, type, keys, args).toCompletableFuture();
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  @Override
  public String toString() {
    return "Script[" + name + " " + sha + "]";
  }

  private static Script load(String file, boolean withLists) {
    String body = resource(file);
    return new Script(file, withLists ? resource("lists.lua") + "\n" + body : body);
  }

  private static String resource(String file) {
    try (InputStream in = Script.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("missing Lua resource " + file + " next to " + Script.class);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Lua resource " + file, e);
    }
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-1", e);
    }
  }
}
