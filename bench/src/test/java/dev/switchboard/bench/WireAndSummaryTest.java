package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The message formats of the load generator and the baseline, and the summary's verdicts. */
class WireAndSummaryTest {
  private static final String REPORT = "{\"cpu_us_per_delivery\":%s,\"lost\":0,\"duplicates\":0,"
      + "\"misrouted\":0,\"out_of_order\":0,\"unparsed\":0}";

  @Test
  void payloadRoundTripsThroughAnyJsonFraming() {
    ByteBuf buf = Payloads.encode(ByteBufAllocator.DEFAULT, 1234, 56, 789_000_000_123L, 100);
    String json = buf.toString(StandardCharsets.US_ASCII);
    buf.release();
    assertThat(json).startsWith("{\"message\":\"sb|1234|56|789000000123|").endsWith("x\"}");
    assertThat(json).hasSize("{\"message\":\"\"}".length() + 100);

    // a server may re-encode with spaces: the fields are found all the same
    ByteBuf relayed = Unpooled.copiedBuffer(json.replace("{\"message\":", "{ \"message\" : "), StandardCharsets.US_ASCII);
    long[] f = new long[3];
    assertThat(Payloads.decode(relayed, f)).isTrue();
    assertThat(f).containsExactly(1234, 56, 789_000_000_123L);
    assertThat(Payloads.decode(Unpooled.copiedBuffer("{\"message\":\"hi\"}", StandardCharsets.US_ASCII), f)).isFalse();
  }

  @Test
  void baselineFrameIsOneUnmaskedTextFrameOfTheEncodedJson() throws Exception {
    ByteBuf frame = ChatWire.textFrame(ByteBufAllocator.DEFAULT, "a\"b");
    assertThat((int) frame.readUnsignedByte()).isEqualTo(0x81);
    String body = "{\"message\":\"a\\\"b\"}";
    assertThat((int) frame.readUnsignedByte()).isEqualTo(body.length());
    assertThat(frame.toString(StandardCharsets.UTF_8)).isEqualTo(body);
    frame.release();

    ByteBuf big = ChatWire.textFrame(ByteBufAllocator.DEFAULT, "x".repeat(300));
    assertThat((int) big.getUnsignedByte(big.readerIndex() + 1)).isEqualTo(126);
    assertThat(big.getUnsignedShort(big.readerIndex() + 2)).isEqualTo(300 + 14);
    big.release();

    assertThat(ChatWire.readMessage(Unpooled.copiedBuffer("{\"x\":[1],\"message\":\"hi\"}", StandardCharsets.UTF_8))).isEqualTo("hi");
    assertThat(ChatWire.readMessage(Unpooled.copiedBuffer("{\"message\":3}", StandardCharsets.UTF_8))).isNull();
    assertThat(ChatWire.readMessage(Unpooled.copiedBuffer("{\"message\":\"a\"", StandardCharsets.UTF_8))).isNull();
  }

  @Test
  void summaryJudgesTargetsOnThePairedRatio() throws Exception {
    List<String> lines = List.of(
        line("baseline", 1, REPORT.formatted("2.0")),
        line("switchboard", 1, REPORT.formatted("2.1")),
        line("baseline", 2, REPORT.formatted("2.2")),
        line("switchboard", 2, REPORT.formatted("3.0")),
        line("baseline", 3, REPORT.formatted("1.8")),
        line("switchboard", 3, REPORT.formatted("2.15")),
        "{\"scenario\":\"echo-200\",\"server\":\"baseline\",\"run\":1,\"result\":" + REPORT.formatted("4.0") + "}",
        "{\"scenario\":\"echo-200\",\"server\":\"switchboard\",\"run\":1,\"result\":" + REPORT.formatted("6.0").replace("\"lost\":0", "\"lost\":3") + "}");

    String md = Summary.markdown(lines);

    // pairs: 2.1/2.0 = 1.05, 3.0/2.2 = 1.36, 2.15/1.8 = 1.19; median 1.19 > 1.1, while the
    // medians' ratio (2.15 / 2.0) is 1.08
    assertThat(md).contains("| server CPU µs per delivery | 2.00 (1.80-2.20) | 2.15 (2.10-3.00) | 1.08x | 1.19x (1.05-1.36) | ≤ 1.1x baseline | not met |");
    assertThat(md).contains("| server CPU µs per delivery | 4 | 6 | 1.50x | 1.50x | ≤ 1.25x baseline | not met |");
    assertThat(md).contains("| lost deliveries | 0 | 3 |  |  | 0 in every run | not met |");
  }

  @Test
  void countsWhoseBaselineMedianIsZeroGetNoRatio() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int run = 1; run <= 3; run++) {
      String lost = run == 2 ? "100" : "0"; // one baseline run lost one message
      lines.add(line("baseline", run, REPORT.formatted("2.0").replace("\"lost\":0", "\"lost\":" + lost)));
      lines.add(line("switchboard", run, REPORT.formatted("2.0")));
    }

    assertThat(Summary.markdown(lines)).contains("| lost deliveries | 0 (0-100) | 0 |  |  | 0 in every run | met |");
  }

  @Test
  void pairsFollowRunNumbersAndLeaveOutRunsWithoutAPartner() throws Exception {
    // a machine that slows down between pairs: each Switchboard run costs 1.05x its partner;
    // run 3's baseline failed, so its Switchboard figure has no partner and is left out
    List<String> lines = new ArrayList<>();
    double[][] pairs = {{2.0, 2.1}, {3.0, 3.15}, {Double.NaN, 9.0}, {2.4, 2.52}};
    for (int run = 1; run <= pairs.length; run++) {
      double b = pairs[run - 1][0];
      lines.add(Double.isNaN(b)
          ? "{\"scenario\":\"fanout-10x100\",\"server\":\"baseline\",\"run\":" + run + ",\"error\":\"server did not start\"}"
          : line("baseline", run, REPORT.formatted(b)));
      lines.add(line("switchboard", run, REPORT.formatted(pairs[run - 1][1])));
    }

    String md = Summary.markdown(lines);

    assertThat(md).contains("| 1.05x | ≤ 1.1x baseline | met |");
    assertThat(md).contains("Failed run: baseline run 3: server did not start");
  }

  private static String line(String server, int run, String result) {
    return "{\"scenario\":\"fanout-10x100\",\"server\":\"" + server + "\",\"run\":" + run + ",\"result\":" + result + "}";
  }
}
