package dev.switchboard.examples.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.consumer.HttpConsumer;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API pool's endpoints; information flows in from the page here and out only through the
 * socket pool:
 *
 * <ul>
 *   <li>{@code GET /api/socket_token?user=NAME}: {@code {"token": jwt}} for the socket pool;
 *   <li>{@code POST /api/feed} {@code {"author", "text"}}: a feed item to everyone, 202;
 *   <li>{@code POST /api/notify} {@code {"user", "text"}}: a private note to one user's
 *       sockets, 202.
 * </ul>
 *
 * <p>Bad input gets 400 with {@code {"error": ...}} naming the field and the rule; a wrong
 * method 405. An API server has no user accounts in this example: any name gets a token.
 */
final class ApiEndpoints extends HttpConsumer {
  static final int MAX_TEXT = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LiveTokens tokens;
  private final Publisher publisher;

  ApiEndpoints(LiveTokens tokens, Publisher publisher) {
    this.tokens = tokens;
    this.publisher = publisher;
  }

  @Override
  protected void onRequest(byte[] body) {
    String path = scope().path();
    String method = scope().method();
    try {
      switch (path) {
        case "/api/socket_token" -> {
          require(method, "GET");
          respondJson(200, Map.of("token", tokens.issue(scope().queryParam("user"))));
        }
        case "/api/feed" -> {
          require(method, "POST");
          JsonNode in = json(body);
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("id", "feed");
          item.put("author", field(in, "author", 32));
          item.put("text", field(in, "text", MAX_TEXT));
          item.put("time", Instant.now().toString());
          publisher.toEveryone(item).join();
          respondJson(202, Map.of("published", "feed"));
        }
        case "/api/notify" -> {
          require(method, "POST");
          JsonNode in = json(body);
          String user = field(in, "user", 32);
          if (!LiveTokens.USER.matcher(user).matches()) {
            throw new IllegalArgumentException("user must be 1 to 32 letters, digits, '_' or '-': " + user);
          }
          publisher.toUser(user, Map.of("id", "notice", "text", field(in, "text", MAX_TEXT),
              "time", Instant.now().toString())).join();
          respondJson(202, Map.of("published", "notice"));
        }
        default -> respondJson(404, Map.of("error", "no such endpoint: " + path));
      }
    } catch (WrongMethod e) {
      respondJson(405, Map.of("error", e.getMessage()));
    } catch (IllegalArgumentException e) {
      respondJson(400, Map.of("error", e.getMessage()));
    }
  }

  /** A request with the wrong method. */
  private static final class WrongMethod extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrongMethod(String message) {
      super(message, null, false, false);
    }
  }

  private void require(String method, String expected) {
    if (!method.equals(expected)) {
      throw new WrongMethod("method not allowed: " + expected + " " + scope().path());
    }
  }

  private static JsonNode json(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new IllegalArgumentException("body is not JSON: " + e.getMessage());
    }
  }

  private static String field(JsonNode in, String name, int max) {
    JsonNode v = in.get(name);
    if (v == null || !v.isTextual() || v.asText().isBlank() || v.asText().length() > max) {
      throw new IllegalArgumentException("\"" + name + "\" must be a string of 1 to " + max + " characters");
    }
    return v.asText().strip();
  }
}
