package dev.switchboard.cli;

import dev.switchboard.examples.chat.ChatExample;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.server.SwitchboardServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard demo}: serves the example apps on one port with embedded defaults (the
 * in-memory channel layer), no external service needed. Stops gracefully on Ctrl-C or SIGTERM.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Serve the chat example on the in-memory channel layer.")
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
    SwitchboardServer server = ChatExample.server(host, port, layer).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping: closing sockets with 1001, letting handlers finish");
                  server.close();
                  layer.close();
                  stopped.countDown();
                },
                "switchboard-shutdown"));
    String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    log.info("chat demo ready: http://{}:{}/ (in-memory channel layer; Ctrl-C stops)", shown, server.port());
    stopped.await();
    return 0;
  }
}
