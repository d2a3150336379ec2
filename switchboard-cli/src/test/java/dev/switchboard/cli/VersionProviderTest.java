package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VersionProviderTest {

  @Test
  void versionComesFromTheManifestsImplementationVersion() {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, " 1.2.3 ");

    assertThat(VersionProvider.versionFrom(manifest)).isEqualTo("1.2.3");
  }

  @Test
  void missingManifestOrAttributeReadsAsDevelopmentBuild() {
    Manifest withoutVersion = new Manifest();
    withoutVersion.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");

    assertThat(VersionProvider.versionFrom(null)).isEqualTo(VersionProvider.DEVELOPMENT);
    assertThat(VersionProvider.versionFrom(withoutVersion)).isEqualTo(VersionProvider.DEVELOPMENT);
  }

  @Test
  void manifestIsReadFromTheJarAClassWasLoadedFrom() {
    // picocli is on the test class path as a jar; the CLI's own classes are a directory here.
    Manifest picocli = VersionProvider.manifestOf(CommandLine.class);

    assertThat(picocli).isNotNull();
    assertThat(VersionProvider.versionFrom(picocli)).isEqualTo(CommandLine.VERSION);
    assertThat(VersionProvider.manifestOf(SwitchboardCli.class)).isNull();
  }
}
