package dev.switchboard.consumer;

/** A channel-layer message arrived whose type no handler of the consumer is registered for. */
public final class NoHandlerException extends RuntimeException {
  private final String type;

  /** Creates the exception for {@code type} on {@code consumerClass}. */
  public NoHandlerException(String type, Class<?> consumerClass) {
    super(
        "no handler for message type '"
            + type
            + "' on "
            + consumerClass.getName()
            + ": annotate a method @OnMessage(\""
            + type
            + "\") taking a Message, or name it "
            + MessageHandlers.conventionalName(type)
            + "(Message)");
    this.type = type;
  }

  /** Returns the message type that had no handler. */
  public String type() {
    return type;
  }
}
