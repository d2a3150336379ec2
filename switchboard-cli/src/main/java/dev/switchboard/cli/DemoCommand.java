package dev.switchboard.cli;

import dev.switchboard.examples.chat.ChatExample;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.server.SwitchboardServer;
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

  @Spec CommandSpec spec;

  int port = 8000;

  @Option(names = "--port", description = "Port to bind, 0 for any free port (default: 8000).")
  void port(int port) {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535: " + port);
    }
    this.port = port;
  }

  @Override
  public Integer call() throws Exception {
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
    // Printed, not only logged: people and scripts wait for this line whatever the log level.
    spec.commandLine()
        .getOut()
        .printf("chat demo ready: http://%s:%d/ (in-memory channel layer; Ctrl-C stops)%n", shown, server.port());
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
