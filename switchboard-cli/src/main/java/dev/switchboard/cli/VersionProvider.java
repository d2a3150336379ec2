package dev.switchboard.cli;

import dev.switchboard.Nullable;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import picocli.CommandLine.IVersionProvider;

/**
 * The text of {@code switchboard --version}: the Switchboard version from the CLI jar's manifest
 * and the Java runtime it runs on.
 *
 * <p>When the CLI runs from a classes directory (tests, an IDE) there is no manifest, and the
 * version reads {@value #DEVELOPMENT}.
 */
public final class VersionProvider implements IVersionProvider {

  /** The version shown when no jar manifest carries an {@code Implementation-Version}. */
  static final String DEVELOPMENT = "development build";

  /**
   * Returns the lines printed by {@code --version}.
   *
   * @return the Switchboard version line, then the Java runtime line
   */
  @Override
  public String[] getVersion() {
    return new String[] {"switchboard " + switchboardVersion(), "Java " + runtimeDescription()};
  }

  /**
   * Returns the version of the running Switchboard CLI, read from its jar's manifest.
   *
   * @return the {@code Implementation-Version}, or {@value #DEVELOPMENT} when there is none
   */
  static String switchboardVersion() {
    return versionFrom(manifestOf(SwitchboardCli.class));
  }

  /** Returns the Java version, vendor, OS and architecture, on one line. */
  static String runtimeDescription() {
    return Runtime.version()
        + " ("
        + System.getProperty("java.vendor", "unknown vendor")
        + "), "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.arch");
  }

  /**
   * Returns the {@code Implementation-Version} of a manifest.
   *
   * @param manifest the manifest, or null when there is none
   * @return the version, or {@value #DEVELOPMENT} when the manifest or the attribute is missing
   */
  static String versionFrom(@Nullable Manifest manifest) {
    if (manifest == null) {
      return DEVELOPMENT;
    }
    String version = manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
    return version == null || version.isBlank() ? DEVELOPMENT : version.strip();
  }

  /**
   * Reads the manifest of the jar a class was loaded from.
   *
   * @param type a class loaded from the jar of interest
   * @return the jar's manifest, or null when the class does not come from a readable jar
   */
  static @Nullable Manifest manifestOf(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      Path location = Path.of(source.getLocation().toURI());
      if (!Files.isRegularFile(location)) {
        return null;
      }
      try (JarFile jar = new JarFile(location.toFile())) {
        return jar.getManifest();
      }
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      // A location that is not a local file (a nested or remote jar) has no readable version.
      return null;
    }
  }
}
