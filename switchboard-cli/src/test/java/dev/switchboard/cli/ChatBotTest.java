package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bot's answers and the chat URL forms, without a network. */
class ChatBotTest {
  private final ChatBot bot = new ChatBot("bot", "No.",
      Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC), new SplittableRandom(1));

  @Test
  void answersEachCommand() {
    assertThat(bot.reply("ann", "/time")).isEqualTo("time: 2026-01-02T03:04:05Z");
    assertThat(bot.reply("ann", "/echo  hello there ")).isEqualTo("hello there");
    assertThat(bot.reply("ann", "/help")).contains("/time").contains("/echo").contains("/roll");
    assertThat(bot.reply("ann", "/dance")).isEqualTo("unknown command /dance; try /help");
  }

  @Test
  void answersEveryQuestionAndNothingElse() {
    assertThat(bot.reply("ann", "is it raining?")).isEqualTo("No.");
    assertThat(bot.reply(null, "a question from the web page?")).isEqualTo("No.");
    assertThat(bot.reply("ann", "just saying")).isNull();
  }

  @Test
  void neverAnswersItself() {
    assertThat(bot.reply("bot", "Ask me a question?")).isNull();
    assertThat(bot.reply("bot", "/time")).isNull();
  }

  @Test
  void rollsDiceWithinTheirFacesAndAddsThemUp() {
    for (int i = 0; i < 200; i++) {
      String one = bot.reply("ann", "/roll");
      assertThat(one).matches("ann rolled 1d6: [1-6]");
      String three = bot.reply("ann", "/roll 3d4");
      assertThat(three).matches("ann rolled 3d4: ([1-4]) \\+ ([1-4]) \\+ ([1-4]) = \\d+");
      String[] parts = three.replaceAll(".*: ", "").split(" [+=] ");
      assertThat(Integer.parseInt(parts[0]) + Integer.parseInt(parts[1]) + Integer.parseInt(parts[2]))
          .isEqualTo(Integer.parseInt(parts[3]));
    }
    assertThat(bot.reply("ann", "/roll 20")).matches("ann rolled 1d20: \\d+");
    assertThat(bot.reply("ann", "/roll d12")).matches("ann rolled 1d12: \\d+");
  }

  @Test
  void badDiceGetTheUsage() {
    for (String bad : new String[] {"/roll 0d6", "/roll 101d6", "/roll 2d1", "/roll 2d1001", "/roll many"}) {
      assertThat(bot.reply("ann", bad)).as(bad).startsWith("usage: /roll [N]d[M]");
    }
  }

  @Test
  void aRoomPageBecomesItsSocketAndASocketStaysAsItIs() {
    assertThat(ChatUrls.webSocket("http://127.0.0.1:8000/chat/lobby/"))
        .isEqualTo(URI.create("ws://127.0.0.1:8000/ws/chat/lobby/"));
    assertThat(ChatUrls.webSocket("https://chat.example.com/chat/lobby"))
        .isEqualTo(URI.create("wss://chat.example.com/ws/chat/lobby/"));
    assertThat(ChatUrls.webSocket("ws://h:1/ws/chat/x/")).isEqualTo(URI.create("ws://h:1/ws/chat/x/"));
    assertThatThrownBy(() -> ChatUrls.webSocket("http://127.0.0.1:8000/"))
        .hasMessageContaining("expected a room's page, http://host:port/chat/ROOM/");
  }
}
