package dev.switchboard.examples.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.CloseCodes;
import dev.switchboard.consumer.JsonWebSocketConsumer;
import java.util.List;

/**
 * {@code WS /ws/images/{batch}/}: a page's view of its upload batch. It joins group {@code
 * images-<batch>}, to which the image tasks send ready frames ({@link BatchEvents}) that the
 * server writes straight to the socket. The page opens it before uploading, so no event of the
 * batch is missed. It only sends: a message from the page closes the socket with 1003.
 */
final class BatchSocket extends JsonWebSocketConsumer {
  @Override
  protected List<String> groups() {
    return List.of(BatchEvents.group(scope().pathParam("batch")));
  }

  @Override
  protected void receiveJson(JsonNode content) {
    close(CloseCodes.UNSUPPORTED_DATA, "this socket only sends the batch's progress");
  }

  @Override
  public boolean nonBlocking() {
    return true;
  }
}
