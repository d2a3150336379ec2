package dev.switchboard.cli;

import dev.switchboard.Application;
import dev.switchboard.consumer.ChannelWorker;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.redis.RedisChannelLayer;
import dev.switchboard.redis.RedisUnavailableException;
import dev.switchboard.routing.ChannelNameRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard runworker CHANNEL...}: consumes the named channels of the channel layer
 * with the channel consumers of an app, as Django Channels' {@code runworker} does. The app is a
 * class implementing {@code Supplier<Application>}, usually returning a {@link
 * ChannelNameRouter}; each channel is opened once and its messages are handled one at a time,
 * in order, by {@link ChannelWorker}. The layer must be shared with the processes that send
 * (Redis), since an in-memory layer would never receive anything from them.
 */
@Command(
    name = "runworker",
    mixinStandardHelpOptions = true,
    description = "Run the channel consumers of an app for the named channels of a shared"
        + " (Redis) channel layer, as Django Channels' runworker does.")
final class RunWorkerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunWorkerCommand.class);

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "CHANNEL", description = "Channel names to consume.")
  List<String> channels = new ArrayList<>();

  @Option(names = "--app", required = true,
      description = "Class implementing java.util.function.Supplier<Application>"
          + " (usually a ChannelNameRouter).")
  String app;

  @Option(names = "--classpath",
      description = "Jars or class folders holding the app, separated by ':'.")
  String classpath;

  @Option(names = "--redis", paramLabel = "URI",
      description = "Redis channel layer URI, repeat for shards (default: $"
          + DemoCommand.REDIS_ENV + ", comma-separated).")
  List<String> redis = new ArrayList<>();

  /** The environment, replaceable in tests. */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws Exception {
    List<String> uris = redis.isEmpty() ? DemoCommand.urisFrom(env) : redis;
    if (uris.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "runworker needs a shared channel layer:"
          + " pass --redis redis://host:port or set " + DemoCommand.REDIS_ENV
          + " (an in-memory layer would receive nothing from other processes)");
    }
    Application application = SuppliedApp.load(spec.commandLine(), app, classpath, Application.class);
    if (application instanceof ChannelNameRouter router) {
      for (String channel : channels) {
        if (!router.channels().contains(channel)) {
          throw new ParameterException(spec.commandLine(), "channel '" + channel
              + "' has no route in " + app + "; its routes are " + router.channels());
        }
      }
    }
    ChannelLayer layer;
    try {
      layer = RedisChannelLayer.builder().uris(uris).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--redis: " + e.getMessage());
    } catch (RedisUnavailableException e) {
      spec.commandLine().getErr().println("switchboard runworker: " + e.getMessage());
      return 1;
    }
    ChannelWorker worker;
    try {
      worker = ChannelWorker.start(layer, application, channels);
    } catch (IllegalArgumentException e) {
      layer.close();
      throw new ParameterException(spec.commandLine(), "CHANNEL: " + e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("runworker stopping");
      worker.close();
      layer.close();
      stopped.countDown();
    }, "switchboard-runworker-shutdown"));
    // Printed, not only logged: scripts and tests wait for this line whatever the log level.
    spec.commandLine().getOut().printf("runworker ready: consuming %s with %s%n", channels, app);
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
