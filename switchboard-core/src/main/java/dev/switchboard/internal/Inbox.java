package dev.switchboard.internal;

import dev.switchboard.Nullable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The event queue of one {@link ConnectionRunner}: first in, first out, any number of producers,
 * one consumer at a time. An empty inbox holds no node at all, where a {@code
 * ConcurrentLinkedQueue} keeps one or two spent nodes: an idle connection's inbox is empty nearly
 * always, and thousands of open sockets each keep one.
 *
 * <p>Producers push onto a stack with a CAS; the consumer takes the whole stack when its own
 * batch is used up and reverses it into arrival order. Events of one producer thread come out in
 * the order it offered them; offers of different threads are ordered by their CAS.
 *
 * <p>Thread-safety: {@link #offer} and {@link #isEmpty} from any thread; {@link #poll} from one
 * thread at a time, handed over with a happens-before edge (the runner's running flag).
 */
final class Inbox<E> {
  private static final VarHandle PUSHED;

  static {
    try {
      PUSHED = MethodHandles.lookup().findVarHandle(Inbox.class, "pushed", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** One event; {@code next} is the older event in the stack, the newer one in a batch. */
  private static final class Node<E> {
    final E item;
    @Nullable Node<E> next;

    Node(E item) {
      this.item = item;
    }
  }

  // The events offered since the consumer last took them, newest first.
  private volatile @Nullable Node<E> pushed;
  // The consumer's batch, oldest first. Volatile for isEmpty() from other threads.
  private volatile @Nullable Node<E> taken;

  /** Appends an event. Any thread; lock-free, never blocks. */
  void offer(E item) {
    Node<E> node = new Node<>(item);
    Node<E> top;
    do {
      top = pushed;
      node.next = top;
    } while (!PUSHED.compareAndSet(this, top, node));
  }

  /** Removes and returns the oldest event, or null if there is none. The consumer only. */
  @Nullable
  E poll() {
    Node<E> first = taken;
    if (first == null) {
      Node<E> top = pushed;
      if (top == null) {
        return null;
      }
      // Shown as the batch before it leaves the stack, so the inbox never looks empty to
      // isEmpty() while its events move.
      taken = top;
      @SuppressWarnings("unchecked")
      Node<E> stack = (Node<E>) PUSHED.getAndSet(this, null);
      first = reverse(stack);
    }
    taken = first.next;
    return first.item;
  }

  /**
   * Returns whether no event waits. Any thread; like a concurrent collection's, the answer may be
   * outdated by offers and polls made meanwhile, but an event offered before the call and not
   * polled by its end is always seen.
   */
  boolean isEmpty() {
    return pushed == null && taken == null;
  }

  private static <E> Node<E> reverse(Node<E> stack) {
    Node<E> newer = null;
    Node<E> node = stack;
    while (node != null) {
      Node<E> older = node.next;
      node.next = newer;
      newer = node;
      node = older;
    }
    return newer;
  }
}
