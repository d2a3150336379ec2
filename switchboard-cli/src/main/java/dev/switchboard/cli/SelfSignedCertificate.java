package dev.switchboard.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for local TLS ({@code demo --tls}): an EC P-256 key and a certificate
 * for {@code localhost} and {@code 127.0.0.1}, valid for 30 days, made by the {@code openssl}
 * command in a folder of its own. Browsers warn about it; it is for local work, never for
 * production.
 *
 * @param certificate the certificate, PEM
 * @param privateKey the private key, PKCS#8 PEM
 */
record SelfSignedCertificate(Path certificate, Path privateKey) {

  /**
   * Makes a certificate in a new temporary folder.
   *
   * @throws IOException naming openssl when it is missing or fails, with its output
   */
  static SelfSignedCertificate make() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("switchboard-tls-");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process p;
    try {
      p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
              "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(),
              "-out", cert.toString(), "-days", "30", "-subj", "/CN=localhost",
              "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new IOException("--tls makes a self-signed certificate with the openssl command,"
          + " which could not be run (install openssl): " + e.getMessage(), e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("openssl could not make a self-signed certificate: " + output.strip());
    }
    return new SelfSignedCertificate(cert, key);
  }
}
