package dev.switchboard.testing;

import dev.switchboard.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A burst into one room, checked for loss and order: every sender sends its messages at once,
 * without waiting for replies, all senders together; then every member must receive every
 * sender's messages, each sender's in the order sent, and nothing else.
 *
 * <p>This is what a chat server owes its users, and what a server that drops messages for busy
 * members (their consumer busy with their own client's burst) fails: a member that misses a
 * message fails here with the member, the sender and the sequence number that was expected.
 *
 * <pre>{@code
 * AllToAllBurst.chat(senders, 50).run(members, Duration.ofSeconds(10));
 * }</pre>
 */
public final class AllToAllBurst {
  private final List<WebSocketTestClient> senders;
  private final int perSender;
  private BiFunction<Integer, Integer, String> encode = (s, n) -> s + "-" + n;
  private Function<String, String> decode = Function.identity();
  private @Nullable String last;

  private AllToAllBurst(List<WebSocketTestClient> senders, int perSender) {
    this.senders = List.copyOf(senders);
    this.perSender = perSender;
  }

  /**
   * Starts a burst of {@code perSender} messages from each of {@code senders}.
   *
   * @throws IllegalArgumentException if there is no sender or {@code perSender} is less than 1
   */
  public static AllToAllBurst of(List<WebSocketTestClient> senders, int perSender) {
    if (senders.isEmpty() || perSender < 1) {
      throw new IllegalArgumentException(
          "a burst needs at least one sender and one message each: " + senders.size() + " x " + perSender);
    }
    return new AllToAllBurst(senders, perSender);
  }

  /**
   * Starts a burst in the chat protocol of Django Channels' tutorial, which the demo speaks: each
   * message is {@code {"message":"<sender>-<seq>"}}, and after the burst the first sender sends
   * {@code {"message":"last"}}, which must be the next thing every member receives.
   */
  public static AllToAllBurst chat(List<WebSocketTestClient> senders, int perSender) {
    String head = "{\"message\":\"";
    return of(senders, perSender)
        .encode((sender, seq) -> head + sender + "-" + seq + "\"}")
        .decode(text -> text.startsWith(head) ? text.substring(head.length(), text.length() - 2) : text)
        .endWith(head + "last\"}");
  }

  /**
   * Sets a text the first sender sends after the burst was received, which must then be the next
   * message of every member: proof that nothing else arrived.
   */
  public AllToAllBurst endWith(String text) {
    this.last = Objects.requireNonNull(text, "text");
    return this;
  }

  /**
   * Sets how the message body {@code "<sender>-<seq>"} becomes the text sent (for example wrapped
   * in the chat's JSON); the default sends the body itself.
   */
  public AllToAllBurst encode(BiFunction<Integer, Integer, String> encode) {
    this.encode = Objects.requireNonNull(encode, "encode");
    return this;
  }

  /** Sets how a received text gives back the body {@code "<sender>-<seq>"}. */
  public AllToAllBurst decode(Function<String, String> decode) {
    this.decode = Objects.requireNonNull(decode, "decode");
    return this;
  }

  /**
   * Sends the burst, all senders on threads of their own released together, then checks that
   * every member received every message in per-sender order within {@code wait} of the last
   * message it received.
   *
   * @param members every socket in the room, the senders included
   * @throws AssertionError naming the member, sender and sequence number that went missing or
   *     came out of order
   */
  public void run(List<WebSocketTestClient> members, Duration wait) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> sending = new ArrayList<>();
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    try {
      for (int s = 0; s < senders.size(); s++) {
        int sender = s;
        sending.add(
            threads.submit(
                () -> {
                  go.await();
                  for (int n = 0; n < perSender; n++) {
                    senders.get(sender).sendText(encode.apply(sender, n));
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : sending) {
        try {
          f.get(wait.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          throw new AssertionError("a sender could not send its burst: " + e, e);
        }
      }
    } finally {
      threads.shutdownNow();
    }
    for (int m = 0; m < members.size(); m++) {
      check(m, members.get(m), wait);
    }
    if (last != null) {
      senders.getFirst().sendText(last);
      for (int m = 0; m < members.size(); m++) {
        String next = members.get(m).receiveText(wait);
        if (!next.equals(last)) {
          throw new AssertionError("member " + m + " received " + next + " after the burst, not " + last);
        }
      }
    }
  }

  private void check(int member, WebSocketTestClient ws, Duration wait) {
    Map<Integer, Integer> next = new HashMap<>();
    int total = senders.size() * perSender;
    for (int received = 0; received < total; received++) {
      String text;
      try {
        text = ws.receiveText(wait);
      } catch (AssertionError e) {
        throw new AssertionError(
            "member " + member + " received " + received + " of " + total + " messages; expected next "
                + next + " (sender -> seq, missing senders at 0): " + e.getMessage(), e);
      }
      String body = decode.apply(text);
      int dash = body.lastIndexOf('-');
      int sender = Integer.parseInt(body.substring(0, dash));
      int seq = Integer.parseInt(body.substring(dash + 1));
      int expected = next.getOrDefault(sender, 0);
      if (seq != expected) {
        throw new AssertionError(
            "member " + member + ": message " + seq + " of sender " + sender + " arrived where "
                + expected + " was due (" + received + " of " + total + " received)");
      }
      next.put(sender, seq + 1);
    }
  }
}
