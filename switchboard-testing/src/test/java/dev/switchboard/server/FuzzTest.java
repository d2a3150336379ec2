package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.testing.TestServer;
import dev.switchboard.testing.WebSocketTestClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Seeded fuzzing of the HTTP handshake and the WebSocket frame decoder over real sockets, with
 * Netty's paranoid leak detection on: every input must end in an answer or a close within 5 s
 * (no hang), no buffer may leak, a client on the side keeps being answered (no harm to others),
 * and every connection is gone at the end. {@code -Dfuzz.inputs=N} (default 100,000, split
 * between requests and frame sequences) and {@code -Dfuzz.seed=S} replay a run; {@code
 * -Dfuzz.leaks=SIMPLE} lowers the leak detection for a quicker local run.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class FuzzTest {
  private static final int INPUTS = Integer.getInteger("fuzz.inputs", 100_000);
  private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
  private static final int THREADS = 4;

  private final Recorder recorder = new Recorder();
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private final AtomicInteger done = new AtomicInteger();

  @Test
  void hostileRequestsAndFramesNeverHangLeakOrHarmOthers() throws Exception {
    ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.valueOf(System.getProperty("fuzz.leaks", "PARANOID")));
    Logger leaks = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    ListAppender<ILoggingEvent> reports = new ListAppender<>();
    reports.start();
    leaks.addAppender(reports);
    System.out.println("fuzz seed " + SEED + ", " + INPUTS + " inputs (replay with -Dfuzz.seed=" + SEED + ")");
    long start = System.nanoTime();
    try (TestServer server = TestServer.startWith(cfg -> cfg.application(TestApps.echoAndHello(recorder))
            .requestHeadTimeout(Duration.ofSeconds(2)).maxMessageSize(4096));
        WebSocketTestClient canary = WebSocketTestClient.connect(server.wsUri("/"))) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Mutator mutator = new Mutator(SEED + t);
        workers.add(pool.submit(() -> run(server.port(), mutator, INPUTS / THREADS)));
      }
      int checked = 0;
      while (workers.stream().anyMatch(f -> !f.isDone())) {
        canary.sendText("canary " + checked);
        assertThat(canary.receiveText(Duration.ofSeconds(5))).isEqualTo("canary " + checked);
        checked++;
        Thread.sleep(200);
      }
      for (Future<?> f : workers) {
        f.get();
      }
      pool.shutdown();
      assertThat(failures).as("inputs that hung or got a malformed answer").isEmpty();
      assertThat(done.get()).isEqualTo(INPUTS / THREADS * THREADS);
      canary.close();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.server().connectionCount() == 0);
      flushLeakReports();
    } finally {
      leaks.detachAppender(reports);
      ResourceLeakDetector.setLevel(level);
    }
    System.out.printf("fuzz: %d inputs in %.1f s%n", INPUTS, (System.nanoTime() - start) / 1e9);
    assertThat(reports.list).as("Netty leak reports").isEmpty();
  }

  private void run(int port, Mutator mutator, int inputs) {
    for (int i = 0; i < inputs; i++) {
      try {
        if (i % 2 == 0) {
          request(port, mutator.request());
        } else {
          frames(port, mutator.frames());
        }
      } catch (IOException e) {
        failures.add("input " + i + ": " + e);
      }
      done.incrementAndGet();
    }
  }

  /** Sends a request, ends the output, and expects an HTTP/1.x answer or nothing, then the close. */
  private void request(int port, byte[] request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.setSoLinger(true, 0);
      writeQuietly(s, request);
      byte[] answer = readToEnd(s, request);
      String status = new String(answer, 0, Math.min(9, answer.length), StandardCharsets.ISO_8859_1);
      // an HTTP/1.0 request is answered in HTTP/1.0
      if (answer.length > 0 && !status.equals("HTTP/1.1 ") && !status.equals("HTTP/1.0 ")) {
        failures.add("not an HTTP answer to " + printable(request));
      }
    }
  }

  /** Opens a WebSocket, sends frames and a close, and expects the server to end the connection. */
  private void frames(int port, byte[] frames) throws IOException {
    try (RawWebSocket ws = RawWebSocket.open(port, "/")) {
      Socket s = ws.socket();
      s.setSoLinger(true, 0);
      writeQuietly(s, frames);
      writeQuietly(s, RawWebSocket.frame(true, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xe8}));
      readToEnd(s, frames);
    }
  }

  private static void writeQuietly(Socket s, byte[] bytes) {
    try {
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
    } catch (IOException e) {
      // the server closed already: what it read was enough to refuse
    }
  }

  private byte[] readToEnd(Socket s, byte[] input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      s.shutdownOutput();
    } catch (IOException e) {
      // closed already
    }
    InputStream in = s.getInputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) != -1; ) {
        out.write(buf, 0, Math.min(n, 64)); // the head is enough
      }
    } catch (SocketTimeoutException e) {
      failures.add("hang: no close within 5 s after " + printable(input));
    } catch (SocketException e) {
      // reset: closed as well
    }
    return out.toByteArray();
  }

  private static String printable(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(b.length, 200); i++) {
      int c = b[i] & 0xff;
      s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return s.toString();
  }

  /** Leaks are reported when a leaked buffer has been collected and another is allocated. */
  private static void flushLeakReports() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      for (int i = 0; i < 1000; i++) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.release();
      }
    }
  }
}
