/**
 * Consumers: the handlers applications write, one instance per connection, events handled one
 * at a time on the connection's virtual thread. {@link dev.switchboard.consumer.WebSocketConsumer},
 * {@link dev.switchboard.consumer.JsonWebSocketConsumer}, {@link dev.switchboard.consumer.HttpConsumer},
 * {@link dev.switchboard.consumer.ChannelConsumer} with {@link dev.switchboard.consumer.ChannelWorker},
 * and the lambda style of {@link dev.switchboard.consumer.LambdaConsumer}; channel messages dispatch
 * by type to methods annotated {@link dev.switchboard.consumer.OnMessage}.
 */
package dev.switchboard.consumer;
