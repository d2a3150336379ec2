package dev.switchboard.consumer;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a consumer method as the handler of channel-layer messages of the given types.
 *
 * <p>The method takes one {@link dev.switchboard.Message} parameter and may be of any visibility:
 *
 * <pre>{@code
 * @OnMessage("chat.message")
 * void chatMessage(Message message) { sendJson(Map.of("message", message.getString("message"))); }
 * }</pre>
 *
 * <p>Without the annotation, a method named after the type in camel case ({@code chat.message}
 * → {@code chatMessage}, {@code task_progress} → {@code taskProgress}) with one {@code Message}
 * parameter handles it too, as in Django Channels.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnMessage {
  /** The message types this method handles. */
  String[] value();
}
