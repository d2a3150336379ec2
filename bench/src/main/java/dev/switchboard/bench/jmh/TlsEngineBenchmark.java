package dev.switchboard.bench.jmh;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The server's TLS engine, JDK against BoringSSL (netty-tcnative, static), in memory with no
 * sockets: a full TLS 1.3 handshake with an ECDSA P-256 certificate, and 16 KiB of application
 * data each way through an established session. Client and server use the same engine, so each
 * figure is the work of both ends (a server does about half of it), on one thread.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TlsEngineBenchmark {
  @Param({"JDK", "OPENSSL"})
  public String provider;

  private SslContext server;
  private SslContext client;
  private SSLEngine serverSession;
  private SSLEngine clientSession;
  private final ByteBuffer toServer = ByteBuffer.allocate(64 * 1024);
  private final ByteBuffer toClient = ByteBuffer.allocate(64 * 1024);
  private final ByteBuffer plain = ByteBuffer.allocate(64 * 1024);
  private final ByteBuffer data = ByteBuffer.wrap(new byte[16 * 1024]);

  @Setup
  public void setUp() throws Exception {
    Path dir = Files.createTempDirectory("tls-bench");
    File cert = dir.resolve("cert.pem").toFile();
    File key = dir.resolve("key.pem").toFile();
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.getPath(), "-out", cert.getPath(),
        "-days", "2", "-subj", "/CN=localhost").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("openssl failed");
    }
    server = SslContextBuilder.forServer(cert, key).sslProvider(SslProvider.valueOf(provider))
        .protocols("TLSv1.3").build();
    client = SslContextBuilder.forClient().sslProvider(SslProvider.valueOf(provider))
        .trustManager(InsecureTrustManagerFactory.INSTANCE).protocols("TLSv1.3").build();
    serverSession = server.newEngine(ByteBufAllocator.DEFAULT);
    clientSession = client.newEngine(ByteBufAllocator.DEFAULT, "localhost", 443);
    handshake(clientSession, serverSession);
  }

  /** A full handshake between new engines. */
  @Benchmark
  public Object handshake() throws SSLException {
    SSLEngine s = server.newEngine(ByteBufAllocator.DEFAULT);
    SSLEngine c = client.newEngine(ByteBufAllocator.DEFAULT, "localhost", 443);
    handshake(c, s);
    return s;
  }

  /** 16 KiB from the server to the client and 16 KiB back. */
  @Benchmark
  public int roundTrip16k() throws SSLException {
    return pass(serverSession, clientSession, toClient) + pass(clientSession, serverSession, toServer);
  }

  private int pass(SSLEngine from, SSLEngine to, ByteBuffer wire) throws SSLException {
    data.clear();
    wire.clear();
    while (data.hasRemaining()) {
      from.wrap(data, wire);
    }
    wire.flip();
    plain.clear();
    while (wire.hasRemaining()) {
      to.unwrap(wire, plain);
    }
    return plain.position();
  }

  private void handshake(SSLEngine c, SSLEngine s) throws SSLException {
    c.setUseClientMode(true);
    s.setUseClientMode(false);
    c.beginHandshake();
    s.beginHandshake();
    ByteBuffer empty = ByteBuffer.allocate(0);
    toServer.clear();
    toClient.clear();
    for (int round = 0; round < 100; round++) {
      // done when neither handshakes and nothing is in flight (TLS 1.3 session tickets follow
      // the handshake and must be read, or the next record fails)
      if (done(c) && done(s) && toServer.position() == 0 && toClient.position() == 0) {
        return;
      }
      step(c, empty, toServer, toClient);
      step(s, empty, toClient, toServer);
    }
    throw new IllegalStateException("handshake did not finish: " + c.getHandshakeStatus() + " / " + s.getHandshakeStatus());
  }

  /** Lets {@code engine} read what it was sent and write what it has to send. */
  private void step(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in) throws SSLException {
    in.flip();
    while (in.hasRemaining()) {
      plain.clear();
      SSLEngineResult r = engine.unwrap(in, plain);
      runTasks(engine);
      if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
        break;
      }
      while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
        engine.wrap(empty, out);
        runTasks(engine);
      }
    }
    in.compact();
    if (engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP && in.position() == 0) {
      // BoringSSL's engine moves its state on a read call, even one with nothing to read
      plain.clear();
      engine.unwrap(empty, plain);
      runTasks(engine);
    }
    for (int i = 0; i < 10 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
      engine.wrap(empty, out);
      runTasks(engine);
    }
  }

  private static boolean done(SSLEngine e) {
    HandshakeStatus h = e.getHandshakeStatus();
    return h == HandshakeStatus.NOT_HANDSHAKING || h == HandshakeStatus.FINISHED;
  }

  private static void runTasks(SSLEngine engine) {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }
}
