package dev.switchboard.consumer;

import dev.switchboard.Application;
import dev.switchboard.Connection;
import dev.switchboard.ConnectionHandler;
import dev.switchboard.InboundEvent;
import dev.switchboard.Message;
import dev.switchboard.Nullable;
import dev.switchboard.Scope;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.Subscription;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The base of every consumer: one instance per connection, bound to it, with access to the
 * scope and the channel layer, and dispatch of channel-layer messages by type.
 *
 * <p>A message of type {@code chat.message} goes to the method annotated {@code
 * @OnMessage("chat.message")}, or else to the method {@code chatMessage(Message)}; a type with no
 * handler fails with {@link NoHandlerException}, which closes the connection (1011) and is
 * logged. Types starting with {@code layer.} are the layer's lifecycle events (for example {@code
 * layer.disconnected} and {@code layer.reconnected} from a layer that lost and regained its
 * server); a consumer without a handler for them ignores them. Messages are handled on the
 * connection's virtual thread, in order with its other
 * events, so handlers need no locking.
 *
 * <p>Layer calls from a consumer ({@link #groupSend} and friends) block the connection's virtual
 * thread until the layer has taken the operation; that is cheap and keeps ordering simple.
 */
public abstract class Consumer implements ConnectionHandler {
  private @Nullable Connection connection;
  private @Nullable String channelName;
  private @Nullable Subscription subscription;
  // The groups() joined, left on disconnect. A consumer joins one group as a rule, and every open
  // socket would keep a one-name list: one group is held by name, several as a list.
  private @Nullable String joinedGroup;
  private @Nullable List<String> joinedGroups;

  /** Creates a consumer; it is bound to its connection before it sees any event. */
  protected Consumer() {}

  /**
   * Returns an application that creates one consumer per connection with {@code factory}.
   *
   * <pre>{@code Application app = Consumer.app(ChatConsumer::new);}</pre>
   */
  public static Application app(Supplier<? extends Consumer> factory) {
    Objects.requireNonNull(factory, "factory");
    return connection -> {
      Consumer c = Objects.requireNonNull(factory.get(), "factory returned null");
      c.connection = connection;
      return c;
    };
  }

  /** Returns the connection this consumer serves. */
  protected final Connection connection() {
    if (connection == null) {
      throw new IllegalStateException("consumer is not bound: create it through Consumer.app");
    }
    return connection;
  }

  /** Returns the connection's scope (path parameters, headers, user...). */
  public final Scope scope() {
    return connection().scope();
  }

  /**
   * Returns the channel layer.
   *
   * @throws IllegalStateException if the server has none configured
   */
  protected final ChannelLayer channelLayer() {
    ChannelLayer layer = connection().channelLayer();
    if (layer == null) {
      throw new IllegalStateException(
          "no channel layer configured: pass one to the server (ServerConfig.Builder"
              + ".channelLayer) or the communicator");
    }
    return layer;
  }

  /**
   * Returns this consumer's own channel name, through which the layer reaches it, or null
   * before it has joined the layer (or when there is no layer).
   */
  protected final @Nullable String channelName() {
    return channelName;
  }

  /**
   * Returns the groups this consumer joins when it joins the layer and leaves when the connection
   * ends. The default is none; override it, typically from the scope ({@code "chat_" +
   * scope().pathParam("room")}). Called once.
   */
  protected List<String> groups() {
    return List.of();
  }

  /** Adds this consumer's channel to {@code group}; blocks until the layer has recorded it. */
  protected final void groupAdd(String group) {
    await(channelLayer().groupAdd(group, requireChannel()));
  }

  /** Removes this consumer's channel from {@code group}; blocks until done. */
  protected final void groupDiscard(String group) {
    await(channelLayer().groupDiscard(group, requireChannel()));
  }

  /**
   * Sends {@code message} to every member of {@code group}, this consumer included if it is a
   * member. Full members are skipped and counted by the layer.
   */
  protected final void groupSend(String group, Message message) {
    await(channelLayer().groupSend(group, message));
  }

  /**
   * Sends {@code message} to every member of {@code group} like {@link #groupSend}, without
   * waiting for the layer: for {@link #nonBlocking} consumers. The members in this process have
   * been handed the message when this returns; the future completes when the layer has taken it
   * for the others (immediately on the in-memory layer) and fails as {@link #groupSend} would
   * throw.
   */
  protected final CompletableFuture<Void> groupSendAsync(String group, Message message) {
    return channelLayer().groupSend(group, message);
  }

  /**
   * Sends {@code message} to a channel.
   *
   * @throws dev.switchboard.layer.ChannelFullException if the channel is at capacity
   */
  protected final void sendTo(String channel, Message message) {
    await(channelLayer().send(channel, message));
  }

  @Override
  public final void handle(InboundEvent event) throws Exception {
    if (event instanceof InboundEvent.ChannelMessage m) {
      dispatch(m.message());
    } else {
      onEvent(event);
    }
  }

  /**
   * Handles a channel-layer message; the default dispatches by type as described on the class.
   * Override to intercept every message.
   */
  protected void dispatch(Message message) throws Exception {
    MessageHandlers.of(getClass()).dispatch(this, message);
  }

  /**
   * Returns whether this consumer class has a handler for {@code messageType}; the runner skips
   * the consumer for ready {@code websocket.send} frames it does not handle.
   */
  @Override
  public boolean handles(String messageType) {
    return MessageHandlers.of(getClass()).handles(messageType);
  }

  /** Handles a protocol event (not a channel message); implemented by the base consumers. */
  abstract void onEvent(InboundEvent event) throws Exception;

  /** Returns whether this consumer class declares any message handler. */
  final boolean hasMessageHandlers() {
    return !MessageHandlers.of(getClass()).isEmpty();
  }

  /**
   * Joins the layer, if there is one: creates this consumer's channel, subscribes it for
   * push delivery, and adds it to {@link #groups()}.
   */
  final void joinLayer() {
    ChannelLayer layer = connection().channelLayer();
    if (layer == null || channelName != null) {
      return;
    }
    String name = layer.newChannel();
    int capacity = layer.capacity(name);
    channelName = name;
    subscription = layer.subscribe(name, connection().listener(capacity));
    List<String> groups = List.copyOf(groups());
    for (String group : groups) {
      groupAdd(group);
    }
    if (groups.size() == 1) {
      joinedGroup = groups.getFirst();
    } else if (groups.size() > 1) {
      joinedGroups = groups;
    }
  }

  /** Leaves the groups joined by {@link #joinLayer()}; the subscription ends in {@link #closed}. */
  final void leaveGroups() {
    String one = joinedGroup;
    List<String> several = joinedGroups;
    joinedGroup = null;
    joinedGroups = null;
    if (one != null) {
      groupDiscard(one);
    }
    if (several != null) {
      several.forEach(this::groupDiscard);
    }
  }

  /** Ends the layer subscription. Subclasses that override this must call it. */
  @Override
  public void closed() {
    Subscription s = subscription;
    subscription = null;
    if (s != null) {
      s.close();
    }
  }

  private String requireChannel() {
    if (channelName == null) {
      joinLayer();
    }
    return Objects.requireNonNull(channelName, "channelName");
  }

  /** Waits for a layer operation, rethrowing its failure unwrapped. */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the channel layer", e);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }
}
