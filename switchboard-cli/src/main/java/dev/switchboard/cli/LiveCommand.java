package dev.switchboard.cli;

import dev.switchboard.Application;
import dev.switchboard.examples.live.LiveExample;
import dev.switchboard.examples.live.LiveTokens;
import dev.switchboard.examples.live.Publisher;
import dev.switchboard.examples.live.Sampler;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.redis.RedisChannelLayer;
import dev.switchboard.redis.RedisUnavailableException;
import dev.switchboard.server.SwitchboardServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard demo live}: the message-flow example, one pool per process. {@code --pool
 * api} serves the page and the API and publishes; {@code --pool sockets} serves {@code
 * /websocket}; both need the Redis layer and the same {@code --secret}. {@code --pool both}
 * (the default) runs the two in one process, on the in-memory layer unless {@code --redis} is
 * given. Stops gracefully on Ctrl-C or SIGTERM.
 */
@Command(
    name = "live",
    mixinStandardHelpOptions = true,
    description = "Serve the message-flow example: --pool api (page, API, publisher), --pool"
        + " sockets (WebSocket pool) or both, joined by the channel layer.")
final class LiveCommand implements Callable<Integer> {
  /** The environment variable holding the token secret shared by the pools. */
  static final String SECRET_ENV = "SWITCHBOARD_LIVE_SECRET";

  /** Which pool a process serves. */
  enum Pool { API, SOCKETS, BOTH }

  @Spec CommandSpec spec;

  @Option(names = "--pool", description = "api, sockets or both (default: ${DEFAULT-VALUE}).")
  Pool pool = Pool.BOTH;

  @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "Port to bind, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port = 8000;

  @Option(names = "--redis", paramLabel = "URI",
      description = "Redis channel layer URI, repeat for shards (default: $" + DemoCommand.REDIS_ENV + ").")
  List<String> redis = new ArrayList<>();

  @Option(names = "--secret", description = "Token secret shared by the pools, 32+ bytes (default: $"
      + SECRET_ENV + "; random with --pool both).")
  String secret;

  /** The environment, replaceable in tests. */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535: " + port);
    }
    List<String> uris = redis.isEmpty() ? DemoCommand.urisFrom(env) : redis;
    String key = secret != null ? secret : env.get(SECRET_ENV);
    if (pool != Pool.BOTH && (uris.isEmpty() || key == null)) {
      throw new ParameterException(spec.commandLine(), "--pool " + pool.name().toLowerCase()
          + " needs the layer and the secret the other pool uses: --redis redis://host:port (or $"
          + DemoCommand.REDIS_ENV + ") and --secret (or $" + SECRET_ENV + ")");
    }
    LiveTokens tokens;
    try {
      tokens = new LiveTokens(key == null ? LiveTokens.randomSecret() : key, Duration.ofHours(1),
          Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--secret: " + e.getMessage());
    }
    ChannelLayer layer;
    try {
      layer = uris.isEmpty() ? new InMemoryChannelLayer() : RedisChannelLayer.builder().uris(uris).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--redis: " + e.getMessage());
    } catch (RedisUnavailableException e) {
      spec.commandLine().getErr().println("switchboard demo live: " + e.getMessage());
      return 1;
    }
    Publisher publisher = new Publisher(layer);
    Application app = switch (pool) {
      case API -> LiveExample.api(tokens, publisher);
      case SOCKETS -> LiveExample.sockets(tokens);
      case BOTH -> LiveExample.both(tokens, publisher);
    };
    SwitchboardServer server;
    try {
      server = SwitchboardServer.create(cfg -> cfg.host(host).port(port).application(app)
          .channelLayer(layer)).start();
    } catch (RuntimeException e) {
      layer.close();
      throw e;
    }
    Sampler sampler = pool == Pool.SOCKETS ? null
        : Sampler.start(publisher, "api:" + server.port(), Duration.ofSeconds(1));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (sampler != null) {
        sampler.close();
      }
      server.close();
      layer.close();
      stopped.countDown();
    }, "switchboard-live-shutdown"));
    String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    spec.commandLine().getOut().printf("live demo ready: %s pool on http://%s:%d/%s (%s; Ctrl-C stops)%n",
        pool.name().toLowerCase(), shown, server.port(), pool == Pool.SOCKETS ? "websocket" : "live/",
        uris.isEmpty() ? "in-memory layer" : "redis layer");
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
