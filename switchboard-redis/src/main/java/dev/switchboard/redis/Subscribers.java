package dev.switchboard.redis;

import dev.switchboard.Message;
import dev.switchboard.layer.MessageListener;
import dev.switchboard.layer.Subscription;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-local subscribers of a layer, kept so that layer lifecycle events ({@code
 * layer.disconnected}, {@code layer.reconnected}) reach every one of them.
 */
final class Subscribers {
  private static final Logger log = LoggerFactory.getLogger(Subscribers.class);

  private final ConcurrentHashMap<String, MessageListener> listeners = new ConcurrentHashMap<>();

  /** Records a subscription and returns it wrapped so that closing it also forgets it. */
  Subscription track(String channel, MessageListener listener, Subscription subscription) {
    listeners.put(channel, listener);
    return new Subscription() {
      private volatile boolean closed;

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          listeners.remove(channel, listener);
          subscription.close();
        }
      }

      @Override
      public String toString() {
        return subscription.toString();
      }
    };
  }

  /**
   * Offers an event to every subscriber. A subscriber whose inbox is full misses it: events are
   * advice, and the next one (or the app's own re-sync) follows.
   *
   * @return how many subscribers took it
   */
  int broadcast(Message event) {
    int[] taken = {0};
    listeners.forEach(
        (channel, listener) -> {
          try {
            if (listener.offer(event)) {
              taken[0]++;
            }
          } catch (RuntimeException e) {
            // one faulty subscriber must not keep the event from the others
            log.warn("layer subscriber of '{}' failed on {}: {}", channel, event.type(), e.toString());
          }
        });
    return taken[0];
  }

  int size() {
    return listeners.size();
  }
}
