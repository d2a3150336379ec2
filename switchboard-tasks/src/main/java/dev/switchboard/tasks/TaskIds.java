package dev.switchboard.tasks;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** Task ids: random UUIDs by default; caller-chosen ids must fit channel-layer group names. */
final class TaskIds {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,90}");

  private TaskIds() {}

  /** Returns a new random id. */
  static String random() {
    return UUID.randomUUID().toString();
  }

  /**
   * Checks a caller-chosen id; it becomes part of the group name {@code task-<id>}.
   *
   * @throws IllegalArgumentException if it is not 1 to 90 ASCII letters, digits, '-', '_' or '.'
   */
  static String check(String id) {
    Objects.requireNonNull(id, "taskId");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "task id must be 1 to 90 ASCII letters, digits, '-', '_' or '.': '" + id + "'");
    }
    return id;
  }
}
