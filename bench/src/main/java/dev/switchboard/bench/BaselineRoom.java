package dev.switchboard.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.Arrays;

/**
 * The members of one chat room in the baseline server, kept per event loop so a broadcast costs
 * one task per loop, not one per member, and every write to a member happens on its own loop.
 *
 * <p>Membership changes copy small arrays under the room's lock (joins and leaves are rare next
 * to broadcasts); broadcasts read the arrays without locking.
 */
final class BaselineRoom {
  /** The members of the room that live on one event loop. */
  private record Segment(EventLoop loop, Channel[] members) {}

  private volatile Segment[] segments = new Segment[0];
  private int size;

  /** Adds a channel to the room. */
  synchronized void join(Channel channel) {
    EventLoop loop = channel.eventLoop();
    Segment[] current = segments;
    Segment[] next = Arrays.copyOf(current, current.length);
    for (int i = 0; i < next.length; i++) {
      if (next[i].loop() == loop) {
        Channel[] members = Arrays.copyOf(next[i].members(), next[i].members().length + 1);
        members[members.length - 1] = channel;
        next[i] = new Segment(loop, members);
        size++;
        segments = next;
        return;
      }
    }
    next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = new Segment(loop, new Channel[] {channel});
    size++;
    segments = next;
  }

  /** Removes a channel from the room; returns the number of members left. */
  synchronized int leave(Channel channel) {
    Segment[] current = segments;
    for (int i = 0; i < current.length; i++) {
      Channel[] members = current[i].members();
      int at = Arrays.asList(members).indexOf(channel);
      if (at < 0) {
        continue;
      }
      Segment[] next;
      if (members.length == 1) {
        next = new Segment[current.length - 1];
        System.arraycopy(current, 0, next, 0, i);
        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
      } else {
        Channel[] rest = new Channel[members.length - 1];
        System.arraycopy(members, 0, rest, 0, at);
        System.arraycopy(members, at + 1, rest, at, members.length - at - 1);
        next = current.clone();
        next[i] = new Segment(current[i].loop(), rest);
      }
      size--;
      segments = next;
      break;
    }
    return size;
  }

  /**
   * Writes one encoded frame to every member: a retained duplicate per member (no copy, no
   * per-member encode), flushed per member; takes over the caller's reference to {@code frame}.
   */
  void broadcast(ByteBuf frame) {
    Segment[] current = segments;
    try {
      for (Segment s : current) {
        if (s.loop().inEventLoop()) {
          writeAll(s.members(), frame);
        } else {
          ByteBuf mine = frame.retain();
          s.loop().execute(
              () -> {
                try {
                  writeAll(s.members(), mine);
                } finally {
                  mine.release();
                }
              });
        }
      }
    } finally {
      frame.release();
    }
  }

  private static void writeAll(Channel[] members, ByteBuf frame) {
    for (Channel ch : members) {
      if (ch.isActive()) {
        ch.writeAndFlush(frame.retainedDuplicate(), ch.voidPromise());
      }
    }
  }
}
