package dev.switchboard.examples.chat;

import dev.switchboard.Headers;
import dev.switchboard.consumer.HttpConsumer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves a page of the chat front end (the room picker or the room) from the classpath; the
 * room page reads its room name from the URL.
 */
final class RoomPage extends HttpConsumer {
  private static final Headers HTML = Headers.of("content-type", "text/html; charset=utf-8", "cache-control", "no-cache");
  static final byte[] INDEX = load("index.html");
  static final byte[] ROOM = load("room.html");

  private final byte[] page;

  RoomPage(byte[] page) {
    this.page = page;
  }

  @Override
  protected void onRequest(byte[] body) {
    String method = scope().method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      respond(405, "method not allowed\n");
      return;
    }
    respond(200, method.equals("HEAD") ? new byte[0] : page, HTML);
  }

  private static byte[] load(String name) {
    String path = ChatExample.STATIC + "/" + name;
    try (InputStream in = RoomPage.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("chat page missing from the classpath: " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
