package dev.switchboard.redis;

import dev.switchboard.layer.LayerConfig;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Builds a {@link RedisChannelLayer}; every setter validates its argument and {@link #build()}
 * connects. Obtain one from {@link RedisChannelLayer#builder()}.
 *
 * <pre>{@code
 * RedisChannelLayer layer = RedisChannelLayer.builder()
 *     .uris(List.of("redis://10.0.0.5:6379", "redis://10.0.0.6:6379"))
 *     .config(LayerConfig.builder().capacity(200).build())
 *     .encryptionKeys(List.of(System.getenv("LAYER_KEY")))
 *     .build();
 * }</pre>
 */
public final class RedisLayerBuilder {
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.:\\-]{1,64}");

  List<RedisURI> uris = List.of();
  List<String> uriStrings = List.of();
  LayerConfig config = LayerConfig.DEFAULTS;
  List<String> encryptionKeys = List.of();
  Duration processLease = Duration.ofSeconds(30);
  Duration commandTimeout = Duration.ofSeconds(5);
  String keyPrefix = "switchboard:";

  RedisLayerBuilder() {}

  /**
   * Sets the Redis hosts, one URI per shard ({@code redis://[:password@]host[:port][/db]} or
   * {@code rediss://...} for TLS). Names are spread over them by consistent hashing; every
   * process of a deployment must list the same hosts (in any order).
   *
   * @throws IllegalArgumentException if the list is empty, a URI is malformed, or two URIs name
   *     the same host, port and database
   */
  public RedisLayerBuilder uris(List<String> redisUris) {
    Objects.requireNonNull(redisUris, "redisUris");
    if (redisUris.isEmpty()) {
      throw new IllegalArgumentException("uris must name at least one Redis host");
    }
    List<RedisURI> parsed = new ArrayList<>();
    List<String> identities = new ArrayList<>();
    for (int i = 0; i < redisUris.size(); i++) {
      String u = redisUris.get(i);
      RedisURI uri;
      try {
        if (u == null || !(u.startsWith("redis://") || u.startsWith("rediss://"))) {
          throw new IllegalArgumentException("scheme must be redis:// or rediss://");
        }
        uri = RedisURI.create(u);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "uris[" + i + "] must be a URI like redis://host:6379 or rediss://host:6380: '" + u + "'", e);
      }
      String identity = uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
      if (identities.contains(identity)) {
        throw new IllegalArgumentException(
            "uris must name each Redis host once: '" + u + "' repeats " + identity);
      }
      identities.add(identity);
      parsed.add(uri);
    }
    this.uris = List.copyOf(parsed);
    this.uriStrings = List.copyOf(redisUris);
    return this;
  }

  /** Sets one Redis host; the same as {@code uris(List.of(redisUri))}. */
  public RedisLayerBuilder uri(String redisUri) {
    return uris(List.of(Objects.requireNonNull(redisUri, "redisUri")));
  }

  /** Sets expiry, group expiry and capacities (default {@link LayerConfig#DEFAULTS}). */
  public RedisLayerBuilder config(LayerConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    return this;
  }

  /**
   * Turns on AES-256-GCM encryption of message bodies: the first key encrypts, every key decrypts
   * (list the new key first and keep the old one until old messages expired to rotate). An empty
   * list turns encryption off (the default). Every process must share the keys.
   *
   * @throws IllegalArgumentException if a key is shorter than 16 characters
   */
  public RedisLayerBuilder encryptionKeys(List<String> keys) {
    Objects.requireNonNull(keys, "encryptionKeys");
    if (!keys.isEmpty()) {
      new BodyCipher(keys); // validates now rather than at build()
    }
    this.encryptionKeys = List.copyOf(keys);
    return this;
  }

  /**
   * Sets how long a process's group memberships outlive its last heartbeat (default 30 s); the
   * process renews them every third of that, so a crashed process stops receiving group
   * messages, and its leases are purged, at most this long after it died.
   *
   * @throws IllegalArgumentException if less than 1 second or more than 1 hour
   */
  public RedisLayerBuilder processLeaseSeconds(int seconds) {
    if (seconds < 1 || seconds > 3600) {
      throw new IllegalArgumentException("processLeaseSeconds must be from 1 to 3600: " + seconds);
    }
    this.processLease = Duration.ofSeconds(seconds);
    return this;
  }

  /**
   * Sets how long a Redis command may take before it fails with {@link
   * RedisUnavailableException} (default 5 s); also the connect timeout. Blocking receives are
   * exempt: they wait for messages.
   *
   * @throws IllegalArgumentException if not between 10 ms and 10 minutes
   */
  public RedisLayerBuilder commandTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "commandTimeout");
    if (timeout.toMillis() < 10 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "commandTimeout must be from 10 ms to 10 minutes: " + timeout);
    }
    this.commandTimeout = timeout;
    return this;
  }

  /**
   * Sets the prefix of every Redis key and pub/sub channel of the layer (default {@code
   * "switchboard:"}), so several deployments or tests can share a Redis server.
   *
   * @throws IllegalArgumentException unless 1 to 64 ASCII letters, digits, '_', '.', ':' or '-'
   */
  public RedisLayerBuilder keyPrefix(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "keyPrefix must be 1 to 64 ASCII letters, digits, '_', '.', ':' or '-': '" + prefix + "'");
    }
    this.keyPrefix = prefix;
    return this;
  }

  /** Returns the URIs as given, with any password replaced by {@code ***}, for logs. */
  List<String> redactedUris() {
    return uriStrings.stream().map(u -> u.replaceFirst("//[^@/]*@", "//***@")).toList();
  }

  /**
   * Connects to every shard, subscribes this process's receiver and starts the heartbeat.
   *
   * @throws IllegalStateException if no URI was given
   * @throws RedisUnavailableException if a shard cannot be reached
   */
  public RedisChannelLayer build() {
    if (uris.isEmpty()) {
      throw new IllegalStateException("uris must be set before build(): name at least one Redis host");
    }
    return new RedisChannelLayer(this);
  }
}
