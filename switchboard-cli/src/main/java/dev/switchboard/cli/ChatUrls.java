package dev.switchboard.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Turns what a user pastes into {@code switchboard chat} into the room's WebSocket URI: a
 * WebSocket URI is taken as it is, a room page ({@code http://host:port/chat/ROOM/}) becomes
 * {@code ws://host:port/ws/chat/ROOM/}.
 */
final class ChatUrls {
  private static final Pattern ROOM_PAGE = Pattern.compile("/chat/[A-Za-z0-9_-]{1,100}/?");

  private ChatUrls() {}

  /**
   * Returns the WebSocket URI for {@code url}.
   *
   * @throws IllegalArgumentException naming the accepted forms when {@code url} is neither
   */
  static URI webSocket(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if ((scheme.equals("ws") || scheme.equals("wss")) && uri.getHost() != null) {
      return uri;
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
        && ROOM_PAGE.matcher(path).matches()) {
      String ws = scheme.equals("https") ? "wss" : "ws";
      String room = path.endsWith("/") ? path : path + "/";
      return URI.create(ws + "://" + uri.getRawAuthority() + "/ws" + room);
    }
    throw new IllegalArgumentException("expected a room's page, http://host:port/chat/ROOM/, or its"
        + " socket, ws://host:port/ws/chat/ROOM/: " + url);
  }
}
