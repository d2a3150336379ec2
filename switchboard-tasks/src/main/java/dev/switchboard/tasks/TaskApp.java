package dev.switchboard.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.Nullable;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.tasks.memory.InMemoryBroker;
import dev.switchboard.tasks.memory.InMemoryResultBackend;
import dev.switchboard.tasks.spi.Broker;
import dev.switchboard.tasks.spi.Envelope;
import dev.switchboard.tasks.spi.ResultBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A task application: the registry of tasks plus the broker they are sent through, the result
 * backend their states go to, and optionally the channel layer their live events go to. Both
 * the callers (web consumers) and the workers build the same app, typically from one class that
 * implements {@code Supplier<TaskApp>}, so a worker started with {@code --app} knows every task.
 *
 * <pre>{@code
 * TaskApp app = TaskApp.builder().broker(broker).resultBackend(backend).channelLayer(layer).build();
 * Task<ResizeArgs, ResizeResult> resize = app.task("images.resize", ResizeArgs.class,
 *     ResizeResult.class, (ctx, args) -> { ctx.progress(Map.of("done", 1)); return ...; },
 *     opts -> opts.maxRetries(5).autoretryFor(IOException.class).rateLimit("100/s"));
 * }</pre>
 *
 * <p>Thread-safe. Closing the app closes its broker and backend.
 */
public final class TaskApp implements AutoCloseable {
  private final Broker broker;
  private final ResultBackend backend;
  private final @Nullable ChannelLayer layer;
  private final String defaultQueue;
  private final Codec codec;
  private final TaskEvents events;
  private final Map<String, Task<?, ?>> tasks = new ConcurrentHashMap<>();
  private final Map<String, Periodic> periodic = new java.util.LinkedHashMap<>();

  /**
   * A periodic task declared on the app, run by any {@link Beat} built for it.
   *
   * @param name the entry name
   * @param signature the call to send
   * @param schedule when
   */
  public record Periodic(String name, Signature<?> signature, Schedule schedule) {}
  private final Control control;
  private final Canvas canvas;

  TaskApp(TaskAppBuilder b) {
    String url = b.url != null ? b.url : Backends.configuredUrl();
    if ((b.broker == null || b.backend == null) && url != null) {
      var provider = Backends.forUrl(url);
      this.broker = b.broker == null ? provider.broker(url) : b.broker;
      this.backend = b.backend == null ? provider.resultBackend(url) : b.backend;
    } else {
      this.broker = b.broker == null ? new InMemoryBroker() : b.broker;
      this.backend = b.backend == null ? new InMemoryResultBackend() : b.backend;
    }
    this.layer = b.layer;
    this.defaultQueue = b.defaultQueue;
    this.codec = b.mapper == null ? Codec.standard() : new Codec(b.mapper);
    this.events = new TaskEvents(layer, codec);
    this.control = new Control(this);
    this.canvas = new Canvas(this);
  }

  /**
   * The longest task message, in characters of its JSON: a call whose arguments make it longer
   * is refused with an {@link IllegalArgumentException}, so no broker or worker ever meets a
   * message it cannot read (Jackson reads strings up to 20,000,000 characters).
   */
  public static final int MAX_MESSAGE_CHARS = 16_000_000;

  /**
   * Returns a builder; everything is optional: the broker and backend default to those of the
   * configured URL ({@link Backends#configuredUrl()}, set by {@code switchboard worker --broker}),
   * else in-memory.
   */
  public static TaskAppBuilder builder() {
    return new TaskAppBuilder();
  }

  /** Registers a task with the default options; see {@link #task(String, Class, Class, TaskFunction, Consumer)}. */
  public <A, R> Task<A, R> task(
      String name, Class<A> argsType, Class<R> resultType, TaskFunction<A, R> body) {
    return task(name, argsType, resultType, body, opts -> {});
  }

  /**
   * Registers a task.
   *
   * @param name the unique name workers look it up by: 1 to 200 ASCII letters, digits, '.', '_'
   *     or '-', such as {@code "images.resize"}
   * @param argsType the arguments' class (a record works well), decoded with Jackson
   * @param resultType the result's class ({@code Void.class} for none)
   * @param body what the task does
   * @param options configures retries, limits, queue and priority
   * @throws IllegalArgumentException if the name breaks the rule or is already registered
   */
  public <A, R> Task<A, R> task(
      String name,
      Class<A> argsType,
      Class<R> resultType,
      TaskFunction<A, R> body,
      Consumer<TaskOptions.Builder> options) {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9_.\\-]{1,200}")) {
      throw new IllegalArgumentException(
          "task name must be 1 to 200 ASCII letters, digits, '.', '_' or '-': '" + name + "'");
    }
    TaskOptions.Builder ob = new TaskOptions.Builder();
    options.accept(ob);
    Task<A, R> task =
        new Task<>(
            this, name, codec.type(argsType), codec.type(resultType),
            Objects.requireNonNull(body, "body"), ob.build());
    if (tasks.putIfAbsent(name, task) != null) {
      throw new IllegalArgumentException("task name already registered: '" + name + "'");
    }
    return task;
  }

  /**
   * Declares a periodic task: every {@link Beat} built for this app (for example by {@code
   * switchboard beat} or {@code worker --beat}) sends it on {@code schedule}.
   *
   * @throws IllegalArgumentException if the name is taken or the signature has no arguments
   */
  public synchronized TaskApp periodic(String name, Signature<?> signature, Schedule schedule) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schedule, "schedule");
    if (signature.args() == null) {
      throw new IllegalArgumentException("periodic task '" + name + "' needs arguments: use task.s(args)");
    }
    if (periodic.putIfAbsent(name, new Periodic(name, signature, schedule)) != null) {
      throw new IllegalArgumentException("periodic task name already used: '" + name + "'");
    }
    return this;
  }

  /** Returns the periodic tasks declared with {@link #periodic}, in declaration order. */
  public synchronized List<Periodic> periodicTasks() {
    return List.copyOf(periodic.values());
  }

  /** Returns the task registered as {@code name}, or null. */
  public @Nullable Task<?, ?> lookup(String name) {
    return tasks.get(name);
  }

  /** Returns the names of the registered tasks. */
  public List<String> taskNames() {
    return tasks.keySet().stream().sorted().toList();
  }

  /**
   * Sends {@code links} as a chain: each runs after the previous one succeeded and receives its
   * result as arguments (unless the link has fixed arguments). If a link fails, it and every
   * later link are FAILURE. {@code R} is the last link's result type.
   *
   * @return the handle of the last link
   */
  public <R> AsyncResult<R> chain(Signature<?>... links) {
    return canvas.chain(List.of(links));
  }

  /** Sends the signatures at once, in one broker batch. */
  public <R> GroupResult<R> group(List<Signature<R>> members) {
    return canvas.group(members);
  }

  /**
   * Sends a chord: the members at once, then {@code callback} with the list of their results
   * (in member order) once every member succeeded. Completion is counted atomically in the
   * result backend and the callback is enqueued once. If a member fails or is revoked, the
   * callback is FAILURE with type {@code dev.switchboard.tasks.ChordFailed} and a message that
   * names the member's task name and id.
   *
   * @param callback made with {@link Task#s()} (no fixed arguments)
   * @return the callback's handle
   */
  public <R, C> AsyncResult<C> chord(List<Signature<R>> members, Signature<C> callback) {
    return canvas.chord(members, callback);
  }

  /** Returns the remote-control view: live workers, revoke, dead letters. */
  public Control control() {
    return control;
  }

  /** Returns a handle to a task call by id; its result decodes as {@code resultType}. */
  public <R> AsyncResult<R> result(String id, Class<R> resultType) {
    TaskResult r = backend.get(TaskIds.check(id)).join();
    return new AsyncResult<>(this, id, r == null ? "?" : r.name(), codec.type(resultType));
  }

  /** Returns the broker. */
  public Broker broker() {
    return broker;
  }

  /** Returns the result backend. */
  public ResultBackend backend() {
    return backend;
  }

  /** Returns the channel layer that receives task events, or null. */
  public @Nullable ChannelLayer channelLayer() {
    return layer;
  }

  /** Returns the queue tasks go to unless they or the call say otherwise. */
  public String defaultQueue() {
    return defaultQueue;
  }

  /** Returns the Jackson mapper that encodes arguments, results and metadata. */
  public ObjectMapper mapper() {
    return codec.mapper();
  }

  Codec codec() {
    return codec;
  }

  TaskEvents events() {
    return events;
  }

  /** Builds and publishes one call; returns its id. */
  String send(Task<?, ?> task, @Nullable JsonNode args, CallOptions call) {
    TaskMessage m = message(task.name(), task.options(), args, call, List.of(), null, null);
    publish(m);
    return m.id();
  }

  /** Builds and publishes one call per argument tree, in one batch; returns the ids. */
  List<String> sendAll(Task<?, ?> task, List<Object> argTrees) {
    List<Envelope> batch = new ArrayList<>(argTrees.size());
    List<String> ids = new ArrayList<>(argTrees.size());
    for (Object tree : argTrees) {
      TaskMessage m =
          message(task.name(), task.options(), (JsonNode) tree, CallOptions.NONE, List.of(), null,
              null);
      batch.add(envelope(m));
      ids.add(m.id());
    }
    broker.publishAll(batch).join();
    return ids;
  }

  TaskMessage message(
      String name,
      TaskOptions options,
      @Nullable JsonNode args,
      CallOptions call,
      List<TaskMessage.Link> chain,
      TaskMessage.@Nullable ChordRef chord,
      @Nullable String parent) {
    long now = System.currentTimeMillis();
    String queue = call.queue() != null ? call.queue()
        : options.queue() != null ? options.queue() : defaultQueue;
    int priority = call.priority() != null ? call.priority() : options.priority();
    String id = call.taskId() != null ? call.taskId() : TaskIds.random();
    return new TaskMessage(
        id, name, args, queue, priority, call.etaMillis(now), call.expiresMillis(now), 0,
        call.headers(), chain, chord, nowMicros(), parent);
  }

  /** Publishes a message and waits until the broker has it. */
  void publish(TaskMessage m) {
    broker.publish(envelope(m)).join();
  }

  Envelope envelope(TaskMessage m) {
    return new Envelope(m.id(), m.queue(), m.priority(), m.eta(), codec.encode(m));
  }

  /** Returns the time in microseconds since the epoch, the unit of {@link TaskResult}'s times. */
  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** Closes the broker and the result backend. */
  @Override
  public void close() {
    try {
      broker.close();
    } finally {
      backend.close();
    }
  }
}
