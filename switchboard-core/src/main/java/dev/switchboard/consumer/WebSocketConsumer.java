package dev.switchboard.consumer;

import dev.switchboard.CloseCodes;
import dev.switchboard.Headers;
import dev.switchboard.InboundEvent;
import dev.switchboard.Message;
import dev.switchboard.Nullable;
import dev.switchboard.OutboundEvent;

/**
 * A consumer of one WebSocket: override the hooks you need ({@link #connect()}, {@link
 * #receive(String)}, {@link #receive(byte[])}, {@link #disconnect(int)}) and message handlers.
 *
 * <pre>{@code
 * class Echo extends WebSocketConsumer {
 *   @Override protected void receive(String text) { send(text); }
 * }
 * Application app = Consumer.app(Echo::new);
 * }</pre>
 *
 * <p>Lifecycle: on the handshake the consumer joins the channel layer (its own channel and
 * {@link #groups()}), then {@link #connect()} runs, which accepts by default; throw {@link
 * DenyConnection} or call {@link #deny} to refuse. When the socket closes, the consumer leaves
 * its groups, then {@link #disconnect(int)} runs. All hooks run on the connection's virtual
 * thread, one at a time, and may block.
 */
public abstract class WebSocketConsumer extends Consumer {
  private boolean accepted;
  private boolean closed;

  /** Creates the consumer. */
  protected WebSocketConsumer() {}

  /**
   * Called when the client asks to connect. The default accepts. Override to check the scope
   * (user, path parameters) and accept, deny or close.
   *
   * @throws DenyConnection to refuse the handshake with its status (403 by default)
   */
  protected void connect() throws Exception {
    accept();
  }

  /** Called for each text message from the client. The default ignores it. */
  protected void receive(String text) throws Exception {}

  /** Called for each binary message from the client. The default ignores it. */
  protected void receive(byte[] bytes) throws Exception {}

  /**
   * Called once when the socket has closed, after the consumer left its groups. The default
   * does nothing.
   *
   * @param code the close code (1006 if the socket dropped)
   */
  protected void disconnect(int code) throws Exception {}

  /** Accepts the connection with no subprotocol. */
  public final void accept() {
    accept(null, Headers.EMPTY);
  }

  /** Accepts the connection with the given subprotocol (one the client offered) or null. */
  public final void accept(@Nullable String subprotocol) {
    accept(subprotocol, Headers.EMPTY);
  }

  /**
   * Accepts the connection with a subprotocol and extra handshake headers.
   *
   * @throws IllegalArgumentException if {@code subprotocol} is not one the client offered
   * @throws IllegalStateException if already accepted, denied or closed
   */
  public final void accept(@Nullable String subprotocol, Headers headers) {
    if (accepted || closed) {
      throw new IllegalStateException(
          accepted ? "connection already accepted" : "connection already closed or denied");
    }
    if (subprotocol != null && !scope().subprotocols().contains(subprotocol)) {
      throw new IllegalArgumentException(
          "subprotocol must be one the client offered "
              + scope().subprotocols()
              + ": '"
              + subprotocol
              + "'");
    }
    accepted = true;
    connection().send(new OutboundEvent.WebSocketAccept(subprotocol, headers));
  }

  /** Refuses the handshake with 403 Forbidden. */
  public final void deny() {
    deny(403, "forbidden");
  }

  /**
   * Refuses the handshake with an HTTP status.
   *
   * @throws IllegalStateException if the connection was already accepted (close it instead)
   */
  public final void deny(int status, String reason) {
    if (accepted) {
      throw new IllegalStateException("cannot deny an accepted connection: close it instead");
    }
    if (!closed) {
      closed = true;
      connection().send(new OutboundEvent.WebSocketDeny(status, reason));
    }
  }

  /** Sends a text message. */
  public final void send(String text) {
    checkOpen();
    connection().send(OutboundEvent.WebSocketSend.text(text));
  }

  /** Sends a binary message. */
  public final void send(byte[] bytes) {
    checkOpen();
    connection().send(OutboundEvent.WebSocketSend.bytes(bytes));
  }

  /** Closes the connection normally (1000). */
  public final void close() {
    close(CloseCodes.NORMAL, "");
  }

  /**
   * Closes the connection with a code and reason; before accept this refuses the handshake with
   * 403. Idempotent.
   */
  public final void close(int code, String reason) {
    if (!closed) {
      closed = true;
      connection().send(new OutboundEvent.WebSocketClose(code, reason));
    }
  }

  /**
   * Forwards ready {@code websocket.send} frames ({@link Message#textFrame}) to the client unless
   * the class declares a handler for them; other types dispatch as usual.
   */
  @Override
  protected void dispatch(Message message) throws Exception {
    if (message.type().equals(Message.WEBSOCKET_SEND) && !handles(Message.WEBSOCKET_SEND)) {
      if (!isOpen()) {
        return; // a frame for a socket not (or no longer) open has nowhere to go
      }
      Object text = message.get("text");
      if (text instanceof String s) {
        send(s);
      } else if (message.get("bytes") instanceof byte[] b) {
        send(b);
      } else {
        throw new IllegalArgumentException(
            "websocket.send message must carry a string 'text' or byte[] 'bytes': " + message);
      }
      return;
    }
    super.dispatch(message);
  }

  /** Returns whether the connection was accepted and not yet closed by this consumer. */
  public final boolean isOpen() {
    return accepted && !closed;
  }

  private void checkOpen() {
    if (!accepted) {
      throw new IllegalStateException("send before accept: call accept() in connect() first");
    }
  }

  @Override
  final void onEvent(InboundEvent event) throws Exception {
    switch (event) {
      case InboundEvent.WebSocketReceive r -> {
        if (r.text() != null) {
          receive(r.text());
        } else {
          receive(r.bytes());
        }
      }
      case InboundEvent.WebSocketConnect c -> {
        try {
          joinLayer();
          connect();
        } catch (DenyConnection d) {
          deny(d.status(), d.getMessage());
        }
      }
      case InboundEvent.WebSocketDisconnect d -> {
        closed = true;
        try {
          leaveGroups();
        } finally {
          disconnect(d.code());
        }
      }
      default -> {
        // HTTP events never reach a WebSocket consumer; routers keep protocols apart
      }
    }
  }
}
