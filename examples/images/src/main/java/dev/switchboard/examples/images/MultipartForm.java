package dev.switchboard.examples.images;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the file fields of a {@code multipart/form-data} body with Netty's HTTP POST decoder,
 * the multipart parser of the server's own HTTP codec. The body is already in memory (the server
 * bounds it by {@code maxRequestBodySize}), so the parts are too.
 */
final class MultipartForm {
  /**
   * One uploaded file.
   *
   * @param field the form field's name
   * @param filename the name the browser gave, possibly empty
   * @param bytes the content
   */
  record FilePart(String field, String filename, byte[] bytes) {}

  private MultipartForm() {}

  /**
   * Returns the file parts of {@code body}, in order.
   *
   * @param contentType the request's Content-Type, with its boundary
   * @throws IllegalArgumentException if the body is not well-formed multipart for that boundary
   */
  static List<FilePart> files(String contentType, byte[] body) {
    DefaultFullHttpRequest request = new DefaultFullHttpRequest(
        HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(body));
    request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    HttpPostRequestDecoder decoder = null;
    try {
      decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request);
      List<FilePart> files = new ArrayList<>();
      for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
        if (data instanceof FileUpload f && f.isCompleted()) {
          files.add(new FilePart(f.getName(), f.getFilename(), f.get()));
        }
      }
      return files;
    } catch (HttpPostRequestDecoder.ErrorDataDecoderException
        | HttpPostRequestDecoder.NotEnoughDataDecoderException e) {
      throw new IllegalArgumentException("malformed multipart body: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable multipart part: " + e.getMessage(), e);
    } finally {
      if (decoder != null) {
        decoder.destroy();
      }
      request.release();
    }
  }
}
