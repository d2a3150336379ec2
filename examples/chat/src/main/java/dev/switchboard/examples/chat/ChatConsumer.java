package dev.switchboard.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.CloseCodes;
import dev.switchboard.Message;
import dev.switchboard.consumer.JsonWebSocketConsumer;
import dev.switchboard.consumer.OnMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat room consumer of the Django Channels tutorial, wire-compatible with its front end: the
 * client sends {@code {"message": "<text>"}} and every socket in the room, the sender included,
 * receives {@code {"message": "<text>"}}, and nothing else. A client may name its sender with
 * {@code "user"} (a string of 1 to {@value #MAX_USER} characters, not checked against any
 * account): the broadcast then carries it too, as the terminal client {@code switchboard chat}
 * does; the tutorial's page ignores it.
 *
 * <p>The room broadcast is a ready frame ({@link Message#textFrame}): the JSON reply is encoded
 * once per message, and the server writes it to every local member's socket without waking the
 * members' consumers (the fast lane). A consumer that must see each message, to filter or
 * personalise it, declares {@code @OnMessage} for a type of its own instead, as in Channels'
 * tutorial ({@code chat.message} → {@code chatMessage}); {@link #chatMessage} keeps that path
 * working for senders that use it.
 *
 * <p>If the channel layer is unavailable (a Redis outage), a broadcast still reaches the members
 * on this server and the sender's socket stays open; the failure is logged.
 *
 * <p>A JSON message without a string {@code "message"} closes the socket with 1007; malformed
 * JSON does too (the {@link JsonWebSocketConsumer} policy). Other sockets are unaffected.
 */
public final class ChatConsumer extends JsonWebSocketConsumer {
  /** The room name rule, also enforced by the route: letters, digits, '_' and '-', 1-100. */
  public static final String ROOM = "[A-Za-z0-9_-]{1,100}";

  /** The longest sender name a message may carry. */
  public static final int MAX_USER = 50;

  private static final String PREFIX = "chat_";
  private static final Logger log = LoggerFactory.getLogger(ChatConsumer.class);

  private String group = "";

  @Override
  protected List<String> groups() {
    // Interned: every member of a room holds this name for as long as its socket is open.
    group = groupFor(scope().pathParam("room")).intern();
    return List.of(group);
  }

  @Override
  protected void receiveJson(JsonNode content) {
    JsonNode message = content.get("message");
    if (message == null || !message.isTextual()) {
      close(CloseCodes.INVALID_PAYLOAD, "expected {\"message\": string}");
      return;
    }
    JsonNode user = content.get("user");
    if (user != null && !validUser(user)) {
      close(CloseCodes.INVALID_PAYLOAD, "\"user\" must be a string of 1 to " + MAX_USER
          + " characters");
      return;
    }
    Message frame = Message.textFrame(encode(message.asText(), user == null ? null : user.asText()));
    CompletableFuture<Void> sent = groupSendAsync(group, frame);
    if (sent.isDone() && !sent.isCompletedExceptionally()) {
      return; // the in-memory layer: done already, nothing to watch (no callback per message)
    }
    sent.whenComplete(
        (done, failure) -> {
          if (failure != null) {
            // The layer reached the members in this process; other servers miss this message.
            // Keep the socket: the outage is the layer's, not this client's.
            log.warn("chat[{}] broadcast reached this server only: {}",
                connection().id(), rootMessage(failure));
          }
        });
  }

  /**
   * The chat never blocks on a message: it parses, encodes and hands the broadcast to the layer
   * without waiting, so the server runs it on the socket's I/O thread.
   */
  @Override
  public boolean nonBlocking() {
    return true;
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
    return cause.getMessage();
  }

  private static boolean validUser(JsonNode user) {
    return user.isTextual() && !user.asText().isEmpty() && user.asText().length() <= MAX_USER;
  }

  private String encode(String text, String user) {
    try {
      if (user == null) {
        return mapper().writeValueAsString(Map.of("message", text));
      }
      Map<String, String> said = new LinkedHashMap<>();
      said.put("message", text);
      said.put("user", user);
      return mapper().writeValueAsString(said);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a string always encodes", e);
    }
  }

  /** Forwards a room message sent in the Channels tutorial's shape to this socket. */
  @OnMessage("chat.message")
  void chatMessage(Message message) {
    sendJson(Map.of("message", message.getString("message")));
  }

  /**
   * Returns the group of a room: {@code chat_<room>}, or, for rooms too long for the 100-character
   * group-name rule, {@code chat_h<hash>}.
   */
  static String groupFor(String room) {
    if (PREFIX.length() + room.length() <= 100) {
      return PREFIX + room;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(room.getBytes(StandardCharsets.UTF_8));
      return PREFIX + "h" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
