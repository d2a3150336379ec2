package dev.switchboard.examples.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.Message;
import dev.switchboard.layer.ChannelLayer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How the API pool reaches browsers: it publishes a JSON message (with an {@code "id"} naming
 * its kind, as the pattern's front end dispatches on) as a ready frame to a group of the channel
 * layer; the socket pool's members of that group get it written straight to their sockets.
 */
public final class Publisher {
  /** The group every socket joins. */
  public static final String EVERYONE = "live";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ChannelLayer layer;

  /** Publishes through {@code layer}, which must be the one the socket pool uses. */
  public Publisher(ChannelLayer layer) {
    this.layer = layer;
  }

  /** Returns the private group of {@code user}'s sockets. */
  public static String userGroup(String user) {
    return "user-" + user;
  }

  /** Sends {@code message} to every socket; completes when the layer took it. */
  public CompletableFuture<Void> toEveryone(Map<String, ?> message) {
    return layer.groupSend(EVERYONE, frame(message));
  }

  /** Sends {@code message} to the sockets of {@code user} only. */
  public CompletableFuture<Void> toUser(String user, Map<String, ?> message) {
    return layer.groupSend(userGroup(user), frame(message));
  }

  private static Message frame(Map<String, ?> message) {
    try {
      return Message.textFrame(JSON.writeValueAsString(message));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("message cannot be encoded as JSON: " + e.getMessage(), e);
    }
  }
}
