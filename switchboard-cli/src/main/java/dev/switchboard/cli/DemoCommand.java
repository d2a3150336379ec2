package dev.switchboard.cli;

import dev.switchboard.Application;
import dev.switchboard.examples.chat.ChatExample;
import dev.switchboard.examples.images.ImagePipeline;
import dev.switchboard.examples.images.ImagesExample;
import dev.switchboard.examples.thumbnails.ResizeArgs;
import dev.switchboard.examples.thumbnails.ResizeResult;
import dev.switchboard.examples.thumbnails.ThumbnailTasks;
import dev.switchboard.examples.thumbnails.ThumbnailsExample;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.middleware.OriginValidator;
import dev.switchboard.redis.RedisChannelLayer;
import dev.switchboard.redis.RedisUnavailableException;
import dev.switchboard.routing.ProtocolTypeRouter;
import dev.switchboard.routing.UrlRouter;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.Worker;
import dev.switchboard.tasks.memory.InMemoryBroker;
import dev.switchboard.tasks.memory.InMemoryResultBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import picocli.CommandLine.Spec;

/**
 * {@code switchboard demo}: serves the example apps on one port with embedded defaults (the
 * in-memory channel layer, the in-memory task broker and an in-process worker), no external
 * service needed: the chat at {@code /}, the image-processing example at {@code /images/}, and
 * the task-progress demo (simulated work) at {@code /thumbnails/}. Stops gracefully on Ctrl-C or
 * SIGTERM.
 *
 * <p>With {@code --redis redis://host:port} (repeatable: one per shard) or the environment
 * variable {@value #REDIS_ENV} (comma-separated URIs), the demo runs on the Redis channel layer,
 * so several demo processes behind a proxy share their chat rooms.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    subcommands = LiveCommand.class,
    description = {
      "Serve the chat, images and task-progress examples (tasks run in process): on the in-memory channel"
          + " layer, or with --redis (or "
          + DemoCommand.REDIS_ENV
          + ") on the Redis layer shared by every process that names the same hosts."
    })
final class DemoCommand implements Callable<Integer> {
  /** The environment variable read when no {@code --redis} is given. */
  static final String REDIS_ENV = "SWITCHBOARD_REDIS_URL";

  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

  @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Spec CommandSpec spec;

  int port = 8000;

  @Option(names = "--port", description = "Port to bind, 0 for any free port (default: 8000).")
  void port(int port) {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535: " + port);
    }
    this.port = port;
  }

  @Option(
      names = "--redis",
      paramLabel = "URI",
      description = {
        "Use the Redis channel layer at this URI (redis://host:port[/db], rediss:// for TLS);"
            + " repeat for shards. Default: $" + REDIS_ENV + " (comma-separated), else in memory."
      })
  List<String> redis = new ArrayList<>();

  @Option(
      names = "--broker",
      paramLabel = "URL",
      description = {
        "Task broker and results for the thumbnails example: memory: (default),"
            + " redis://host:port[?prefix=p] or amqp://user:pass@host:port?backend=<URL-encoded"
            + " result backend URL>."
      })
  String broker = "memory:";

  @Option(
      names = "--tls",
      description = "Serve https and wss with a self-signed certificate made for this run by"
          + " openssl (browsers warn about it): for local work only.")
  boolean tls;

  @Option(
      names = "--no-worker",
      description = "Run no task worker in this process (start one with 'switchboard worker').")
  boolean noWorker;

  /** The environment, replaceable in tests. */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws Exception {
    if (noWorker && broker.equals("memory:")) {
      // The in-memory broker lives in this process: no other worker could ever take its tasks.
      throw new ParameterException(spec.commandLine(), "--no-worker needs a shared broker such as"
          + " --broker redis://127.0.0.1:6379: the default memory: broker lives in this process,"
          + " so its tasks would wait forever");
    }
    List<String> uris = redisUris();
    ChannelLayer layer;
    String described;
    if (uris.isEmpty()) {
      layer = new InMemoryChannelLayer();
      described = "in-memory channel layer";
    } else {
      try {
        layer = RedisChannelLayer.builder().uris(uris).build();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--redis: " + e.getMessage());
      } catch (RedisUnavailableException e) {
        log.error("cannot start the demo: {}", e.getMessage());
        return 1;
      }
      described = "redis channel layer on " + uris.size() + " shard(s)";
    }
    TaskApp tasks;
    try {
      tasks = broker.equals("memory:")
          ? TaskApp.builder().broker(new InMemoryBroker()).resultBackend(new InMemoryResultBackend())
              .channelLayer(layer).build()
          : TaskApp.builder().url(broker).channelLayer(layer).build();
    } catch (IllegalArgumentException e) {
      layer.close();
      throw new ParameterException(spec.commandLine(), "--broker: " + e.getMessage());
    } catch (RuntimeException unreachable) {
      layer.close();
      throw unreachable;
    }
    SelfSignedCertificate certificate = null;
    if (tls) {
      try {
        certificate = SelfSignedCertificate.make();
      } catch (java.io.IOException e) {
        tasks.close();
        layer.close();
        log.error("cannot start the demo: {}", e.getMessage());
        return 1;
      }
    }
    SelfSignedCertificate tlsFiles = certificate;
    Task<ResizeArgs, ResizeResult> resize = ThumbnailTasks.register(tasks);
    ImagePipeline images = ImagePipeline.register(tasks, ImagesExample.mediaDir());
    SwitchboardServer server;
    try {
      server = SwitchboardServer.create(cfg -> {
        cfg.host(host).port(port)
            .application(application(tasks, resize, images)).channelLayer(layer)
            .maxRequestBodySize(ImagesExample.MAX_REQUEST_BYTES)
            .staticResources("/static/", "dev/switchboard/examples/chat/static");
        if (tlsFiles != null) {
          cfg.tls(tlsFiles.certificate(), tlsFiles.privateKey());
        }
      }).start();
    } catch (RuntimeException e) {
      tasks.close();
      layer.close();
      throw e;
    }
    // Started once the port is bound, so a failed start does not log a worker coming and going.
    Worker worker = noWorker ? null : Worker.builder(tasks).concurrency(8)
        .queues(tasks.defaultQueue(), ImagePipeline.QUEUE).build().start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping: closing sockets with 1001, letting handlers finish");
                  server.close();
                  if (worker != null) {
                    worker.shutdown(Duration.ofSeconds(10));
                  }
                  tasks.close();
                  layer.close();
                  stopped.countDown();
                },
                "switchboard-shutdown"));
    String shown = (tls ? "https://" : "http://") + (host.equals("0.0.0.0") ? "127.0.0.1" : host);
    // Printed, not only logged: people and scripts wait for the chat line whatever the log level.
    spec.commandLine()
        .getOut()
        .printf("thumbnails demo: %s:%d/thumbnails/ (tasks on %s, %s)%n", shown,
            server.port(), broker.replaceAll("\\?.*", "").replaceAll("//[^@/]*@", "//"),
            worker == null ? "no worker in this process" : "in-process worker");
    spec.commandLine().getOut().printf("images demo: %s:%d/images/ (media in %s)%n", shown,
        server.port(), images.media());
    spec.commandLine()
        .getOut()
        .printf("chat demo ready: %s:%d/ (%s; Ctrl-C stops)%n", shown, server.port(), described);
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }

  /** Returns the demo's routes without the images example (for tests of the others). */
  static Application application(TaskApp tasks, Task<ResizeArgs, ResizeResult> resize) {
    return application(tasks, resize, null);
  }

  /** Returns the demo's routes: the task examples first, everything else to the chat. */
  static Application application(
      TaskApp tasks, Task<ResizeArgs, ResizeResult> resize, ImagePipeline images) {
    Application chat = ChatExample.application();
    UrlRouter.Builder http = UrlRouter.builder()
        .route("/thumbnails/", ThumbnailsExample.page())
        .route("/thumbnails/start", ThumbnailsExample.start(resize));
    UrlRouter.Builder sockets = UrlRouter.builder()
        .route(ThumbnailsExample.TASK_EVENTS,
            OriginValidator.sameHost().wrap(ThumbnailsExample.taskEvents(tasks)));
    if (images != null) {
      ImagesExample.addHttpRoutes(http, images);
      sockets.route(ImagesExample.BATCH_EVENTS, ImagesExample.batchEvents());
    }
    return ProtocolTypeRouter.builder()
        .http(http.route("/{rest:.*}", chat).build())
        .websocket(sockets.route("/{rest:.*}", chat).build())
        .build();
  }

  /** Returns the Redis URIs: the {@code --redis} options, else those in {@value #REDIS_ENV}. */
  List<String> redisUris() {
    if (!redis.isEmpty()) {
      return redis;
    }
    return urisFrom(env);
  }

  /** Returns the comma-separated URIs of {@value #REDIS_ENV} in {@code env}, or none. */
  static List<String> urisFrom(Map<String, String> env) {
    String fromEnv = env.get(REDIS_ENV);
    if (fromEnv == null || fromEnv.isBlank()) {
      return List.of();
    }
    return Arrays.stream(fromEnv.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
  }
}
