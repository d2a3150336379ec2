package dev.switchboard.consumer;

import dev.switchboard.Application;
import dev.switchboard.Message;
import dev.switchboard.Scope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The lambda style for small WebSocket consumers, when a class would be ceremony.
 *
 * <pre>{@code
 * Application echo = LambdaConsumer.webSocket(ws -> ws
 *     .onText((c, text) -> c.send(text)));
 *
 * Application room = LambdaConsumer.webSocket(ws -> ws
 *     .groups(scope -> List.of("room_" + scope.pathParam("room")))
 *     .onText((c, text) -> c.groupSendTo("room_" + c.scope().pathParam("room"),
 *         Message.of("room.message", "text", text)))
 *     .on("room.message", (c, m) -> c.send(m.getString("text"))));
 * }</pre>
 */
public final class LambdaConsumer extends WebSocketConsumer {

  /** A hook with the consumer it runs for. */
  @FunctionalInterface
  public interface Hook<T> {
    /** Runs the hook. */
    void accept(LambdaConsumer consumer, T value) throws Exception;
  }

  /** The hooks of a lambda consumer, set with a fluent builder. Not thread-safe. */
  public static final class Spec {
    private Hook<Void> onConnect = (c, v) -> c.accept();
    private Hook<String> onText = (c, v) -> {};
    private Hook<byte[]> onBytes = (c, v) -> {};
    private Hook<Integer> onDisconnect = (c, v) -> {};
    private Function<Scope, List<String>> groups = s -> List.of();
    private final Map<String, Hook<Message>> handlers = new HashMap<>();

    private Spec() {}

    /** Sets the connect hook; the default accepts. */
    public Spec onConnect(Hook<Void> hook) {
      this.onConnect = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /** Sets the text message hook. */
    public Spec onText(Hook<String> hook) {
      this.onText = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /** Sets the binary message hook. */
    public Spec onBytes(Hook<byte[]> hook) {
      this.onBytes = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /** Sets the disconnect hook, given the close code. */
    public Spec onDisconnect(Hook<Integer> hook) {
      this.onDisconnect = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /** Sets the groups joined on connect and left on disconnect, computed from the scope. */
    public Spec groups(Function<Scope, List<String>> groups) {
      this.groups = Objects.requireNonNull(groups, "groups");
      return this;
    }

    /**
     * Handles channel-layer messages of {@code type}.
     *
     * @throws IllegalArgumentException if {@code type} already has a handler
     */
    public Spec on(String type, Hook<Message> handler) {
      Objects.requireNonNull(handler, "handler");
      if (handlers.putIfAbsent(Message.of(type).type(), handler) != null) {
        throw new IllegalArgumentException("message type '" + type + "' already has a handler");
      }
      return this;
    }
  }

  private final Spec spec;

  private LambdaConsumer(Spec spec) {
    this.spec = spec;
  }

  /** Returns an application whose connections are handled by the hooks {@code spec} sets. */
  public static Application webSocket(java.util.function.Consumer<Spec> configure) {
    Spec spec = new Spec();
    configure.accept(spec);
    return app(() -> new LambdaConsumer(spec));
  }

  @Override
  protected List<String> groups() {
    return spec.groups.apply(scope());
  }

  @Override
  protected void connect() throws Exception {
    spec.onConnect.accept(this, null);
  }

  @Override
  protected void receive(String text) throws Exception {
    spec.onText.accept(this, text);
  }

  @Override
  protected void receive(byte[] bytes) throws Exception {
    spec.onBytes.accept(this, bytes);
  }

  @Override
  protected void disconnect(int code) throws Exception {
    spec.onDisconnect.accept(this, code);
  }

  @Override
  protected void dispatch(Message message) throws Exception {
    Hook<Message> h = spec.handlers.get(message.type());
    if (h == null) {
      if (message.type().startsWith(MessageHandlers.LAYER_EVENT_PREFIX)) {
        return;
      }
      throw new NoHandlerException(message.type(), LambdaConsumer.class);
    }
    h.accept(this, message);
  }

  /** Sends {@code message} to a group; public for lambdas. */
  public void groupSendTo(String group, Message message) {
    groupSend(group, message);
  }
}
