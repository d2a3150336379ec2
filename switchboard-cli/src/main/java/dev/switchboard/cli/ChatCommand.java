package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.client.Backoff;
import dev.switchboard.client.ClientListener;
import dev.switchboard.client.SwitchboardClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard chat URL}: a terminal client of the chat example, on {@link
 * SwitchboardClient}. Interactive, it sends each line typed and prints the room's messages as
 * {@code HH:mm:ss sender: text} (the time they arrived here); with {@code --bot} it answers
 * commands and questions ({@link ChatBot}) and can post a line every N seconds. Either way it
 * reconnects after a server restart, keeping what was typed meanwhile, and stops on end of input
 * (interactive), Ctrl-C or SIGTERM.
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = "Join a chat room from the terminal (http://host:port/chat/ROOM/ or"
        + " ws://host:port/ws/chat/ROOM/); --bot answers /time, /echo, /roll and questions.")
final class ChatCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "URL", description = "The room's page or WebSocket URL.")
  String url;

  @Option(names = "--name", description = "Your name in the room (default: $USER, or 'bot' with --bot).")
  String name;

  @Option(names = "--token", description = "Token sent as the 'token' query parameter.")
  String token;

  @Option(names = "--bot", description = "Answer /help, /time, /echo TEXT, /roll [N]d[M] and every question.")
  boolean bot;

  @Option(names = "--every", paramLabel = "SECONDS",
      description = "With --bot: post the --say line every SECONDS (default: 0, never).")
  int every;

  @Option(names = "--say", description = "With --bot: the line posted by --every (default: ${DEFAULT-VALUE}).")
  String say = "Ask me a question.";

  @Option(names = "--answer", description = "With --bot: the answer to a question (default: ${DEFAULT-VALUE}).")
  String answer = "No.";

  /** Standard input, replaceable in tests. */
  InputStream in = System.in;

  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    URI uri;
    try {
      uri = ChatUrls.webSocket(url);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "URL: " + e.getMessage());
    }
    if (every < 0) {
      throw new ParameterException(spec.commandLine(), "--every must be 0 (never) or more: " + every);
    }
    if (every > 0 && !bot) {
      throw new ParameterException(spec.commandLine(), "--every only applies with --bot");
    }
    String me = name != null ? name : bot ? "bot" : System.getenv().getOrDefault("USER", "guest");
    if (me.isEmpty() || me.length() > 50) {
      throw new ParameterException(spec.commandLine(), "--name must be 1 to 50 characters: '" + me + "'");
    }
    out = spec.commandLine().getOut();
    CompletableFuture<Integer> done = new CompletableFuture<>();
    ChatBot brain = bot ? new ChatBot(me, answer, Clock.systemUTC(), ThreadLocalRandom.current()) : null;
    SwitchboardClient[] holder = new SwitchboardClient[1];
    var builder = SwitchboardClient.builder(uri)
        // A person waits at the terminal: retry within 5 s rather than the default 30 s.
        .backoff(new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5)))
        .onText(text -> received(text, brain, me, holder[0]))
        .listener(new Events(uri, done));
    if (token != null) {
      builder.token(token);
    }
    try (SwitchboardClient client = builder.build()) {
      holder[0] = client;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> done.complete(0), "switchboard-chat-stop"));
      print("*** joining " + uri + " as " + me + (bot ? " (bot)" : "; type a line and Enter to send"));
      client.connectAsync();
      ScheduledExecutorService timer = null;
      if (bot && every > 0) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
        timer.scheduleAtFixedRate(() -> post(client, me, say), every, every, TimeUnit.SECONDS);
      }
      if (!bot) {
        Thread.ofVirtual().name("switchboard-chat-input").start(() -> readLines(client, me, done));
      }
      int code = done.get();
      if (timer != null) {
        timer.shutdownNow();
      }
      return code;
    }
  }

  /** Sends each line typed; at end of input, waits up to 5 s for the last ones to be written. */
  private void readLines(SwitchboardClient client, String me, CompletableFuture<Integer> done) {
    CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          last = post(client, me, line);
        }
      }
    } catch (IOException e) {
      print("*** cannot read the terminal: " + e.getMessage());
    }
    try {
      last.get(5, TimeUnit.SECONDS);
    } catch (Exception notWritten) {
      if (client.queuedSends() > 0) {
        print("*** leaving with " + client.queuedSends() + " line(s) unsent");
      }
    }
    done.complete(0);
  }

  private CompletableFuture<Void> post(SwitchboardClient client, String me, String text) {
    return client.sendJsonAsync(Map.of("message", text, "user", me)).whenComplete((ok, failure) -> {
      if (failure != null) {
        print("*** not sent (" + failure.getMessage() + "): " + text);
      }
    });
  }

  private void received(String text, ChatBot brain, String me, SwitchboardClient client) {
    JsonNode json;
    try {
      json = JSON.readTree(text);
    } catch (IOException e) {
      print("*** a frame that is not JSON: " + text);
      return;
    }
    String message = json.path("message").asText("");
    String user = json.hasNonNull("user") ? json.get("user").asText() : null;
    print(LocalTime.now().format(TIME) + " " + (user == null ? "(web)" : user) + ": " + message);
    if (brain != null) {
      String reply = brain.reply(user, message);
      if (reply != null) {
        post(client, me, reply);
      }
    }
  }

  private void print(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** Prints connection events; a client that stops for good ends the command with 1. */
  private final class Events implements ClientListener {
    private final URI uri;
    private final CompletableFuture<Integer> done;

    Events(URI uri, CompletableFuture<Integer> done) {
      this.uri = uri;
      this.done = done;
    }

    @Override
    public void onOpen(boolean reconnect) {
      print(reconnect ? "*** reconnected" : "*** connected to " + uri);
    }

    @Override
    public void onDisconnected(String reason, Duration retryIn) {
      print(String.format("*** %s; retrying in %.1f s", reason, retryIn.toMillis() / 1000.0));
    }

    @Override
    public void onClosed(String reason) {
      if (!done.isDone()) {
        print("*** stopped: " + reason);
      }
      done.complete(reason.startsWith("closed by its owner") ? 0 : 1);
    }
  }
}
