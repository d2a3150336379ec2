package dev.switchboard.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;

/**
 * The chat protocol on the wire for the baseline server: reads the client's {@code {"message":
 * s}} with Jackson's streaming parser and builds the complete server-to-client WebSocket frame for
 * {@code {"message": s}} once, so a broadcast writes the same bytes to every member.
 *
 * <p>Server frames are not masked (RFC 6455 section 5.1), so one encoded frame is valid for every
 * socket; the baseline writes it past the WebSocket encoder as a plain buffer.
 */
final class ChatWire {
  /** The largest header of an unmasked frame: 2 bytes, 8 bytes of length. */
  private static final int MAX_HEADER = 10;

  private static final int FIN_TEXT = 0x81;
  private static final JsonFactory JSON = new JsonFactory();

  private ChatWire() {}

  /**
   * Returns the string value of the top-level {@code "message"} field of a JSON object, or null
   * when the text is not a JSON object with a string {@code "message"}.
   */
  static String readMessage(ByteBuf json) {
    try (JsonParser p = JSON.createParser((java.io.InputStream) new ByteBufInputStream(json.duplicate()))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String message = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("message".equals(name) && value == JsonToken.VALUE_STRING) {
          message = p.getText();
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
      return message;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Encodes {@code {"message": text}} as one complete unmasked WebSocket text frame (header and
   * payload) in a single pooled buffer, written by Jackson after room left for the header.
   */
  static ByteBuf textFrame(ByteBufAllocator alloc, String text) throws IOException {
    ByteBuf buf = alloc.buffer(MAX_HEADER + text.length() + 16);
    buf.writerIndex(MAX_HEADER);
    try (JsonGenerator g = JSON.createGenerator((java.io.OutputStream) new ByteBufOutputStream(buf))) {
      g.writeStartObject();
      g.writeStringField("message", text);
      g.writeEndObject();
    } catch (IOException | RuntimeException e) {
      buf.release();
      throw e;
    }
    int length = buf.writerIndex() - MAX_HEADER;
    int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    int start = MAX_HEADER - header;
    buf.setByte(start, FIN_TEXT);
    if (header == 2) {
      buf.setByte(start + 1, length);
    } else if (header == 4) {
      buf.setByte(start + 1, 126);
      buf.setShort(start + 2, length);
    } else {
      buf.setByte(start + 1, 127);
      buf.setLong(start + 2, length);
    }
    buf.readerIndex(start);
    return buf;
  }
}
