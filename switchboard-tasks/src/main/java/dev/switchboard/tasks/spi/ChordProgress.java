package dev.switchboard.tasks.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Nullable;

/**
 * The answer of {@link ResultBackend#chordPartDone}: how many members finished and, for exactly
 * one caller (the one whose member completed the chord, or a later caller while the callback is
 * not yet marked dispatched), the members' results in order.
 *
 * @param done how many distinct members have finished
 * @param size how many members the chord has
 * @param results the JSON array of results in member order when this caller must dispatch the
 *     callback, else null
 */
public record ChordProgress(int done, int size, @Nullable JsonNode results) {
  /** Returns whether this caller must enqueue the callback. */
  public boolean mustDispatch() {
    return results != null;
  }
}
