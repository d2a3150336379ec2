package dev.switchboard.middleware;

/** A bearer token was refused: malformed, badly signed, expired, or for another audience. */
public final class InvalidTokenException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message says why, never the token itself. */
  public InvalidTokenException(String message) {
    super(message);
  }
}
