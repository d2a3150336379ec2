package dev.switchboard.tasks.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.internal.JsonMappers;
import dev.switchboard.tasks.TaskResult;

/** The JSON form of a {@link TaskResult} as result backends store it. */
public final class ResultRecords {
  private static final ObjectMapper JSON = JsonMappers.builder().build();

  private ResultRecords() {}

  /**
   * Returns {@code r} as JSON.
   *
   * @throws IllegalArgumentException if it cannot be encoded
   */
  public static String encode(TaskResult r) {
    try {
      return JSON.writeValueAsString(r);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("task record not encodable: " + r.id(), e);
    }
  }

  /**
   * Returns the record stored as {@code json}.
   *
   * @throws IllegalStateException if it is unreadable
   */
  public static TaskResult decode(String json) {
    try {
      return JSON.readValue(json, TaskResult.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable task record: " + e.getOriginalMessage(), e);
    }
  }
}
