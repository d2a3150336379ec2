package dev.switchboard;

/** WebSocket close codes Switchboard uses (RFC 6455 section 7.4), with the rule for sending. */
public final class CloseCodes {
  /** The purpose of the connection was fulfilled. */
  public static final int NORMAL = 1000;

  /** The server is going away (shutdown) or the peer stopped answering pings. */
  public static final int GOING_AWAY = 1001;

  /** The peer broke the protocol (RFC 6455): a malformed frame or an invalid close code. */
  public static final int PROTOCOL_ERROR = 1002;

  /** The message's data type is not accepted (for example binary to a JSON consumer). */
  public static final int UNSUPPORTED_DATA = 1003;

  /** No close frame was received: the socket dropped. Never sent, only reported. */
  public static final int ABNORMAL = 1006;

  /** The message's content is inconsistent with its type (for example malformed JSON). */
  public static final int INVALID_PAYLOAD = 1007;

  /** A policy was violated (for example a client too slow to read what it is sent). */
  public static final int POLICY_VIOLATION = 1008;

  /** A message exceeded the maximum message size. */
  public static final int MESSAGE_TOO_BIG = 1009;

  /** The application failed while handling the connection. */
  public static final int INTERNAL_ERROR = 1011;

  /**
   * The server is overloaded for this connection (for example its consumer fell too far behind
   * the messages sent to it); the client may reconnect later.
   */
  public static final int TRY_AGAIN_LATER = 1013;

  /**
   * Returns whether a received close frame may carry {@code code}: the codes an endpoint may
   * send ({@link #sendable}). Anything else, 1004-1006, 1015 and codes from 5000 on included, is
   * a protocol error.
   */
  public static boolean receivable(int code) {
    return sendable(code);
  }

  private CloseCodes() {}

  /**
   * Returns whether an endpoint may send {@code code} in a close frame: 1000-1003, 1007-1014
   * (1012-1014 are registered with IANA) or 3000-4999.
   */
  public static boolean sendable(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }
}
