package dev.switchboard.cli;

import dev.switchboard.Application;
import dev.switchboard.examples.chat.ChatExample;
import dev.switchboard.examples.thumbnails.ResizeArgs;
import dev.switchboard.examples.thumbnails.ResizeResult;
import dev.switchboard.examples.thumbnails.ThumbnailTasks;
import dev.switchboard.examples.thumbnails.ThumbnailsExample;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.middleware.OriginValidator;
import dev.switchboard.routing.ProtocolTypeRouter;
import dev.switchboard.routing.UrlRouter;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.Worker;
import dev.switchboard.tasks.memory.InMemoryBroker;
import dev.switchboard.tasks.memory.InMemoryResultBackend;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard demo}: serves the example apps on one port with embedded defaults (the
 * in-memory channel layer, the in-memory task broker and an in-process worker), no external
 * service needed. Stops gracefully on Ctrl-C or SIGTERM.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Serve the chat and thumbnails examples in one process, in memory.")
final class DemoCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

  @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "Port to bind, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port = 8000;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "--port must be from 0 to 65535: " + port);
    }
    InMemoryChannelLayer layer = new InMemoryChannelLayer();
    TaskApp tasks = TaskApp.builder().broker(new InMemoryBroker())
        .resultBackend(new InMemoryResultBackend()).channelLayer(layer).build();
    Task<ResizeArgs, ResizeResult> resize = ThumbnailTasks.register(tasks);
    Worker worker = Worker.builder(tasks).concurrency(8).build().start();
    SwitchboardServer server = SwitchboardServer.create(cfg -> cfg.host(host).port(port)
        .application(application(tasks, resize)).channelLayer(layer)
        .staticResources("/static/", "dev/switchboard/examples/chat/static")).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping: closing sockets with 1001, letting handlers finish");
                  server.close();
                  worker.shutdown(Duration.ofSeconds(10));
                  tasks.close();
                  layer.close();
                  stopped.countDown();
                },
                "switchboard-shutdown"));
    String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    log.info("demo ready: chat http://{}:{}/ and thumbnails http://{}:{}/thumbnails/"
        + " (in-memory layer and tasks; Ctrl-C stops)", shown, server.port(), shown, server.port());
    stopped.await();
    return 0;
  }

  /** Returns the demo's routes: the thumbnails example first, everything else to the chat. */
  static Application application(TaskApp tasks, Task<ResizeArgs, ResizeResult> resize) {
    Application chat = ChatExample.application();
    Application http = UrlRouter.builder()
        .route("/thumbnails/", ThumbnailsExample.page())
        .route("/thumbnails/start", ThumbnailsExample.start(resize))
        .route("/{rest:.*}", chat)
        .build();
    Application sockets = UrlRouter.builder()
        .route(ThumbnailsExample.TASK_EVENTS,
            OriginValidator.sameHost().wrap(ThumbnailsExample.taskEvents(tasks)))
        .route("/{rest:.*}", chat)
        .build();
    return ProtocolTypeRouter.builder().http(http).websocket(sockets).build();
  }
}
