package dev.switchboard.server;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * Makes the server's TLS context from PEM files: a certificate chain (the server's certificate
 * first) and its PKCS#8 private key ({@code BEGIN PRIVATE KEY}). TLS 1.2 and 1.3 only; HTTP/1.1
 * only (no ALPN offer of h2).
 *
 * <p>The engine is the JDK's unless netty-tcnative (BoringSSL) is on the classpath, as Netty
 * itself chooses: the JDK's needs no native library and runs wherever Java does, so it is what
 * the server ships with; BoringSSL is an opt-in dependency that made full handshakes five to six
 * times cheaper and bulk encryption two to ten times in our runs (BENCHMARKS.md, "TLS engines").
 */
final class TlsFiles {
  private TlsFiles() {}

  /**
   * Returns the context for {@code certificateChain} and {@code privateKey}.
   *
   * @throws IllegalArgumentException naming the file and the rule if a file is missing or not
   *     the PEM it should be
   */
  static SslContext context(Path certificateChain, Path privateKey) {
    readable("tls certificate chain", certificateChain);
    readable("tls private key", privateKey);
    try {
      return SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
          .sslProvider(SslContext.defaultServerProvider())
          .protocols("TLSv1.3", "TLSv1.2")
          .applicationProtocolConfig(ApplicationProtocolConfig.DISABLED)
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("tls certificate chain " + certificateChain + " and private key "
          + privateKey + " must be PEM: X.509 certificates and a PKCS#8 key (BEGIN PRIVATE KEY)"
          + " that belongs to the first certificate: " + e.getMessage(), e);
    }
  }

  private static void readable(String what, Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(what + " must be a readable file: " + file);
    }
    try {
      if (Files.size(file) == 0) {
        throw new IllegalArgumentException(what + " is empty: " + file);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " must be a readable file: " + file, e);
    }
  }
}
