package dev.switchboard.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.Nullable;
import dev.switchboard.internal.JsonMappers;
import java.util.Map;

/**
 * JSON encoding of task messages, arguments and results with one Jackson mapper.
 *
 * <p>Unknown properties in messages are ignored, so older workers read newer messages.
 */
final class Codec {
  private final ObjectMapper mapper;

  Codec(ObjectMapper mapper) {
    this.mapper =
        mapper
            .copy()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  /** Returns the mapper used for everything, with the settings above. */
  ObjectMapper mapper() {
    return mapper;
  }

  /** Returns the default codec, on a plain Jackson mapper. */
  static Codec standard() {
    return new Codec(JsonMappers.builder().findAndAddModules().build());
  }

  /**
   * Encodes a message.
   *
   * @throws IllegalArgumentException if it cannot be encoded or is longer than {@link
   *     TaskApp#MAX_MESSAGE_CHARS}
   */
  String encode(TaskMessage message) {
    String body;
    try {
      body = mapper.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("task message not encodable: " + message.label(), e);
    }
    if (body.length() > TaskApp.MAX_MESSAGE_CHARS) {
      throw new IllegalArgumentException(String.format(
          "task message of %s is %,d characters of JSON, over the limit of %,d"
              + " (TaskApp.MAX_MESSAGE_CHARS): pass large data by reference (a path or a key)",
          message.label(), body.length(), TaskApp.MAX_MESSAGE_CHARS));
    }
    return body;
  }

  /**
   * Decodes a message body.
   *
   * @throws IllegalArgumentException with a reason fit for a dead letter
   */
  TaskMessage decode(String body) {
    try {
      TaskMessage m = mapper.readValue(body, TaskMessage.class);
      if (m == null) {
        throw new IllegalArgumentException("malformed task message: empty");
      }
      return m;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed task message: " + e.getOriginalMessage(), e);
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new IllegalArgumentException("malformed task message: " + root.getMessage(), e);
    }
  }

  /** Converts a value (arguments, results, metadata) to a JSON tree; null stays null. */
  @Nullable JsonNode toTree(@Nullable Object value) {
    return value == null ? null : mapper.valueToTree(value);
  }

  /**
   * Converts a JSON tree to {@code type}; null stays null.
   *
   * @throws IllegalArgumentException if the JSON does not fit the type
   */
  <T> @Nullable T fromTree(@Nullable JsonNode tree, JavaType type) {
    if (tree == null || tree.isNull() && !type.isTypeOrSubTypeOf(JsonNode.class)) {
      return null;
    }
    try {
      return mapper.treeToValue(tree, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "JSON does not fit " + type.toCanonical() + ": " + e.getMessage(), e);
    }
  }

  JavaType type(Class<?> cls) {
    return mapper.constructType(cls);
  }

  /** Converts a JSON tree to plain maps, lists and scalars, for channel-layer messages. */
  @Nullable Object toPlain(@Nullable JsonNode tree) {
    return tree == null ? null : mapper.convertValue(tree, Object.class);
  }

  /** Converts plain metadata to a map view, for progress. */
  @SuppressWarnings("unchecked")
  Map<String, Object> toMap(@Nullable JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      return Map.of();
    }
    return mapper.convertValue(tree, Map.class);
  }
}
