package dev.switchboard.consumer;

import dev.switchboard.Message;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * The message-type → handler table of one consumer class, built once per class: methods
 * annotated {@link OnMessage}, and methods named after a type in camel case.
 */
final class MessageHandlers {
  private static final ClassValue<MessageHandlers> TABLES =
      new ClassValue<>() {
        @Override
        protected MessageHandlers computeValue(Class<?> type) {
          return new MessageHandlers(type);
        }
      };

  private static final java.util.Set<Class<?>> BASES =
      java.util.Set.of(
          Consumer.class,
          WebSocketConsumer.class,
          JsonWebSocketConsumer.class,
          HttpConsumer.class,
          ChannelConsumer.class,
          LambdaConsumer.class);

  /** Types of layer lifecycle events (such as layer.reconnected), ignored without a handler. */
  static final String LAYER_EVENT_PREFIX = "layer.";

  private final Class<?> consumerClass;
  private final Map<String, MethodHandle> annotated = new HashMap<>();
  private final Map<String, MethodHandle> byName = new HashMap<>();

  private MessageHandlers(Class<?> consumerClass) {
    this.consumerClass = consumerClass;
    // Walk from the concrete class up, so a subclass's handler wins over its parent's.
    for (Class<?> c = consumerClass; c != null && c != Object.class; c = c.getSuperclass()) {
      if (BASES.contains(c)) {
        continue; // the base classes declare no handlers; their hooks must not match by name
      }
      Map<String, Method> declaredHere = new HashMap<>();
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isStatic(m.getModifiers())
            || m.isBridge()
            || m.getParameterCount() != 1
            || m.getParameterTypes()[0] != Message.class) {
          continue;
        }
        OnMessage on = m.getAnnotation(OnMessage.class);
        if (on == null) {
          byName.putIfAbsent(m.getName(), unreflect(m));
          continue;
        }
        MethodHandle h = unreflect(m);
        for (String type : on.value()) {
          Method other = declaredHere.putIfAbsent(type, m);
          if (other != null) {
            throw new IllegalStateException(
                "message type '" + type + "' has two handlers in " + c.getName() + ": "
                    + other.getName() + " and " + m.getName());
          }
          annotated.putIfAbsent(type, h);
        }
      }
    }
  }

  private static MethodHandle unreflect(Method m) {
    try {
      m.setAccessible(true);
      return MethodHandles.lookup().unreflect(m);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot access message handler " + m, e);
    }
  }

  static MessageHandlers of(Class<?> consumerClass) {
    return TABLES.get(consumerClass);
  }

  /** Returns whether the class declares any message handler (annotated or by name). */
  boolean isEmpty() {
    return annotated.isEmpty() && byName.isEmpty();
  }

  /** Returns whether {@code type} has a handler in this class. */
  boolean handles(String type) {
    return annotated.containsKey(type) || byName.containsKey(conventionalName(type));
  }

  /**
   * Calls the handler of {@code message}'s type on {@code consumer}.
   *
   * @throws NoHandlerException if there is none
   */
  void dispatch(Object consumer, Message message) throws Exception {
    MethodHandle h = annotated.get(message.type());
    if (h == null) {
      h = byName.get(conventionalName(message.type()));
    }
    if (h == null) {
      if (message.type().startsWith(LAYER_EVENT_PREFIX)) {
        return; // layer lifecycle events are optional to handle
      }
      throw new NoHandlerException(message.type(), consumerClass);
    }
    try {
      h.invoke(consumer, message);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** {@code chat.message} → {@code chatMessage}; {@code task_progress} → {@code taskProgress}. */
  static String conventionalName(String type) {
    StringBuilder sb = new StringBuilder(type.length());
    boolean upper = false;
    for (int i = 0; i < type.length(); i++) {
      char ch = type.charAt(i);
      if (ch == '.' || ch == '_' || ch == '-') {
        upper = sb.length() > 0;
      } else {
        sb.append(upper ? Character.toUpperCase(ch) : ch);
        upper = false;
      }
    }
    return sb.toString();
  }
}
