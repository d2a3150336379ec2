package dev.switchboard.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The naming rules, character by character and at the edges. */
class NamesTest {
  private static final String ALL = "azAZ09_.-";

  @Test
  void groupNamesAreOneToAHundredNameCharacters() {
    for (String ok : List.of("a", ALL, "room-1", "x".repeat(Names.MAX_LENGTH), "-", ".")) {
      assertThat(Names.checkGroup(ok)).isEqualTo(ok);
    }
    for (String bad :
        List.of("", "x".repeat(Names.MAX_LENGTH + 1), "a!b", "!", "a b", "ü", "a/b", "a:b", "a@", "[", "`", "{")) {
      assertThatThrownBy(() -> Names.checkGroup(bad))
          .as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("group name must be ASCII letters, digits")
          .hasMessageContaining("'" + bad + "'");
    }
    assertThatThrownBy(() -> Names.checkGroup(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void channelNamesMayHaveOneBangAfterTheFirstCharacter() {
    for (String ok : List.of("a", ALL, "a!", "a!b", "specific.abc!" + ALL, "x".repeat(Names.MAX_LENGTH))) {
      assertThat(Names.checkChannel(ok)).isEqualTo(ok);
    }
    for (String bad :
        List.of("", "!", "!a", "a!!", "a!b!c", "a !b", "a!b c", "x".repeat(Names.MAX_LENGTH + 1), "a\u0000")) {
      assertThatThrownBy(() -> Names.checkChannel(bad))
          .as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("channel name must be ASCII letters, digits");
    }
    assertThatThrownBy(() -> Names.checkChannel(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
