package dev.kanal.persistence.collection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.kanal.persistence.collection.CollectionCommand.Create;
import dev.kanal.persistence.collection.CollectionCommand.Delete;
import dev.kanal.persistence.collection.CollectionCommand.Get;
import dev.kanal.persistence.collection.CollectionCommand.Import;
import dev.kanal.persistence.collection.CollectionCommand.Join;
import dev.kanal.persistence.collection.CollectionCommand.PublishAnswered;
import dev.kanal.persistence.collection.CollectionCommand.Update;
import dev.kanal.persistence.filter.Filter;
import dev.kanal.persistence.filter.FilterParser;
import dev.kanal.persistence.filter.InvalidFilter;
import dev.kanal.persistence.filter.Query;
import dev.kanal.persistence.schema.CollectionSchema;
import dev.kanal.persistence.schema.CollectionSchema.Validated;
import dev.kanal.persistence.schema.CollectionSchema.WriteMode;
import dev.kanal.persistence.schema.FieldErrors;
import dev.kanal.persistence.spi.CollectionHook;
import dev.kanal.persistence.spi.Notifier;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One collection: an event-sourced entity that validates writes, numbers every change with the
 * collection's {@code seq}, and answers reads, joins and {@code since} from its state. See the
 * package documentation for how a change is delivered.
 */
public final class CollectionEntity extends EventSourcedBehavior<CollectionCommand, CollectionEvent, CollectionState> {
  private static final TimeBasedEpochGenerator UUIDS = Generators.timeBasedEpochGenerator();

  private final ActorContext<CollectionCommand> context;
  private final CollectionSchema schema;
  private final Optional<CollectionHook> hook;
  private final ChangePublisher publisher;
  private final Notifier notifier;
  private final CollectionSettings settings;
  private final Clock clock;
  /** Writers waiting for their change's confirmation, by seq. */
  private final Map<Long, Waiting> waiting = new HashMap<>();
  private long lastRepublishNanos;

  private record Waiting(ActorRef<CollectionReply.Write> replyTo, ObjectNode record, long deadlineNanos) {}

  /** The journal's id of a collection. */
  public static PersistenceId persistenceId(String collection) {
    return PersistenceId.of("collection", collection);
  }

  public static Behavior<CollectionCommand> create(
      CollectionSchema schema,
      Optional<CollectionHook> hook,
      ChangePublisher publisher,
      Notifier notifier,
      CollectionSettings settings,
      Clock clock) {
    return Behaviors.setup(
        context -> Behaviors.withTimers(timers -> {
          timers.startTimerWithFixedDelay(CollectionCommand.Republish.INSTANCE, settings.republishEvery());
          return new CollectionEntity(context, schema, hook, publisher, notifier, settings, clock);
        }));
  }

  private CollectionEntity(
      ActorContext<CollectionCommand> context,
      CollectionSchema schema,
      Optional<CollectionHook> hook,
      ChangePublisher publisher,
      Notifier notifier,
      CollectionSettings settings,
      Clock clock) {
    super(persistenceId(schema.name()));
    this.context = context;
    this.schema = schema;
    this.hook = hook;
    this.publisher = publisher;
    this.notifier = notifier;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public CollectionState emptyState() {
    return CollectionState.empty(schema.name());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  /** Snapshots are written after the handler returns, so they get a copy the entity cannot change. */
  @Override
  public SnapshotAdapter<CollectionState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(CollectionState state) {
        return state.copy();
      }

      @Override
      public CollectionState fromJournal(Object from) {
        return (CollectionState) from;
      }
    };
  }

  @Override
  public SignalHandler<CollectionState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> state.unconfirmed().forEach(this::publish))
        .build();
  }

  @Override
  public EventHandler<CollectionState, CollectionEvent> eventHandler() {
    return (state, event) -> {
      state.apply(event, settings.retainedChanges());
      return state;
    };
  }

  @Override
  public CommandHandler<CollectionCommand, CollectionEvent, CollectionState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Update.class, this::onUpdate)
        .onCommand(Delete.class, this::onDelete)
        .onCommand(Import.class, this::onImport)
        .onCommand(Get.class, this::onGet)
        .onCommand(CollectionCommand.ListRecords.class, this::onList)
        .onCommand(Join.class, this::onJoin)
        .onCommand(CollectionCommand.Wake.class, (state, wake) -> Effect().none())
        .onCommand(PublishAnswered.class, this::onPublishAnswered)
        .onCommand(CollectionCommand.Republish.class, this::onRepublish)
        .build();
  }

  private Effect<CollectionEvent, CollectionState> onCreate(CollectionState state, Create create) {
    Validated validated = schema.validate(create.body(), WriteMode.CREATE);
    if (validated instanceof Validated.Invalid invalid) {
      return reply(create.replyTo(), new CollectionReply.Invalid(invalid.errors()));
    }
    String now = now();
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.set(CollectionSchema.ID, newId(state));
    record.setAll(((Validated.Ok) validated).values());
    record.put(CollectionSchema.INSERTED_AT, now);
    record.put(CollectionSchema.UPDATED_AT, now);
    ObjectNode completed = hook.map(h -> h.complete(record, state.records())).orElse(record);
    completed.set(CollectionSchema.ID, record.get(CollectionSchema.ID));
    return write(state, new CollectionEvent.Created(state.seq() + 1, completed, state.confirmed()), create.replyTo());
  }

  private JsonNode newId(CollectionState state) {
    return switch (schema.idKind()) {
      case SERIAL -> LongNode.valueOf(state.nextSerial());
      case UUID -> TextNode.valueOf(UUIDS.generate().toString());
    };
  }

  private Effect<CollectionEvent, CollectionState> onUpdate(CollectionState state, Update update) {
    Optional<ObjectNode> existing = state.record(update.id());
    if (existing.isEmpty()) {
      return reply(update.replyTo(), new CollectionReply.NotFound());
    }
    Validated validated = schema.validate(update.body(), update.replace() ? WriteMode.REPLACE : WriteMode.MERGE);
    if (validated instanceof Validated.Invalid invalid) {
      return reply(update.replyTo(), new CollectionReply.Invalid(invalid.errors()));
    }
    ObjectNode record = existing.get().deepCopy();
    record.setAll(((Validated.Ok) validated).values());
    record.put(CollectionSchema.UPDATED_AT, now());
    return write(state, new CollectionEvent.Updated(state.seq() + 1, record, state.confirmed()), update.replyTo());
  }

  private Effect<CollectionEvent, CollectionState> onDelete(CollectionState state, Delete delete) {
    Optional<ObjectNode> existing = state.record(delete.id());
    if (existing.isEmpty()) {
      return reply(delete.replyTo(), new CollectionReply.NotFound());
    }
    JsonNode id = existing.get().get(CollectionSchema.ID);
    return write(state, new CollectionEvent.Deleted(state.seq() + 1, id, state.confirmed()), delete.replyTo());
  }

  /** Journals one change, then publishes it; the writer is answered once the topic confirms it. */
  private Effect<CollectionEvent, CollectionState> write(
      CollectionState state, CollectionEvent event, ActorRef<CollectionReply.Write> replyTo) {
    return Effect()
        .persist(event)
        .thenRun(after -> {
          Change change = after.unconfirmedChange(event.seq());
          ObjectNode record = change.after() != null ? change.after() : change.idOnly();
          waiting.put(event.seq(), new Waiting(replyTo, record, System.nanoTime() + settings.confirmWait().toNanos()));
          publish(change);
        });
  }

  private Effect<CollectionEvent, CollectionState> onImport(CollectionState state, Import request) {
    if (state.seq() != 0) {
      return reply(request.replyTo(), new CollectionReply.ImportDone(0));
    }
    FieldErrors.Builder errors = new FieldErrors.Builder();
    List<CollectionEvent> events = new ArrayList<>();
    Map<String, Integer> firstIndexOf = new HashMap<>();
    String now = now();
    for (int i = 0; i < request.records().size(); i++) {
      ObjectNode given = request.records().get(i);
      int index = i + 1;
      Validated validated = schema.validate(given, WriteMode.REPLACE);
      Optional<JsonNode> id = Optional.ofNullable(given.get(CollectionSchema.ID))
          .flatMap(raw -> schema.idKind().type().cast(raw));
      if (validated instanceof Validated.Invalid invalid) {
        invalid.errors().byField().forEach((field, messages) ->
            messages.forEach(message -> errors.add("[" + index + "]." + field, message)));
      } else if (id.isEmpty()) {
        errors.add("[" + index + "].id", schema.idKind().type().mismatch());
      } else if (firstIndexOf.putIfAbsent(CollectionState.key(id.get()), index) != null) {
        errors.add("[" + index + "].id", "is the id of record [" + firstIndexOf.get(CollectionState.key(id.get())) + "] too");
      } else {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.set(CollectionSchema.ID, id.get());
        record.setAll(((Validated.Ok) validated).values());
        record.put(CollectionSchema.INSERTED_AT, now);
        record.put(CollectionSchema.UPDATED_AT, now);
        events.add(new CollectionEvent.Created(index, record, 0));
      }
    }
    if (!errors.isEmpty()) {
      return reply(request.replyTo(), new CollectionReply.Invalid(errors.build()));
    }
    return Effect()
        .persist(events)
        .thenRun(after -> {
          after.unconfirmed().forEach(this::publish);
          request.replyTo().tell(new CollectionReply.ImportDone(events.size()));
        });
  }

  private Effect<CollectionEvent, CollectionState> onGet(CollectionState state, Get get) {
    CollectionReply.Read found = state.record(get.id())
        .<CollectionReply.Read>map(CollectionReply.Found::new)
        .orElseGet(CollectionReply.NotFound::new);
    return reply(get.replyTo(), found);
  }

  private Effect<CollectionEvent, CollectionState> onList(CollectionState state, CollectionCommand.ListRecords list) {
    CollectionReply.Read answer;
    try {
      Query query = FilterParser.parseParams(list.params(), schema, clock);
      answer = new CollectionReply.Items(query.apply(state.records()), state.seq());
    } catch (InvalidFilter e) {
      answer = rejection(e);
    }
    return reply(list.replyTo(), answer);
  }

  /**
   * Answers a join with the matching records, or with the changes it missed when its {@code since}
   * is still in the retained log.
   */
  private Effect<CollectionEvent, CollectionState> onJoin(CollectionState state, Join join) {
    CollectionReply.Read answer;
    try {
      Filter filter = FilterParser.parseOptions(join.options(), schema, clock);
      JsonNode since = join.options().get("since");
      if (since != null && !since.isNull() && !(since.canConvertToExactIntegral() && since.asLong() >= 0)) {
        answer = new CollectionReply.BadQuery("since must be a non-negative integer");
      } else {
        Optional<List<Change>> missed = since == null || since.isNull()
            ? Optional.empty()
            : state.changesSince(since.asLong());
        answer = missed
            .<CollectionReply.Read>map(changes -> new CollectionReply.Changes(
                changes.stream().map(change -> change.seenThrough(filter)).filter(Objects::nonNull).toList(),
                state.seq()))
            .orElseGet(() -> new CollectionReply.Items(
                new Query(filter, List.of(), OptionalInt.empty()).apply(state.records()), state.seq()));
      }
    } catch (InvalidFilter e) {
      answer = rejection(e);
    }
    return reply(join.replyTo(), answer);
  }

  private static CollectionReply.Read rejection(InvalidFilter e) {
    return e.malformed() ? new CollectionReply.BadQuery(e.getMessage()) : new CollectionReply.Invalid(e.errors());
  }

  private void publish(Change change) {
    context.pipeToSelf(
        publisher.publish(change),
        (confirmedUpTo, failure) -> new PublishAnswered(change.seq(), confirmedUpTo, failure));
  }

  /**
   * The topic confirms cumulatively. An answer below the change's own seq means the topic lacks an
   * earlier change, so everything unconfirmed goes again, at most once per republish period.
   */
  private Effect<CollectionEvent, CollectionState> onPublishAnswered(CollectionState state, PublishAnswered answered) {
    if (answered.failure() != null) {
      context.getLog().debug("Publishing change {} of {} failed", answered.seq(), schema.name(), answered.failure());
      return Effect().none();
    }
    for (Change change : state.confirm(answered.confirmedUpTo())) {
      Waiting writer = waiting.remove(change.seq());
      if (writer != null) {
        writer.replyTo().tell(new CollectionReply.Written(writer.record(), change.seq(), true));
      }
      hook.ifPresent(h -> h.stored(change, notifier));
    }
    if (answered.confirmedUpTo() < answered.seq()
        && System.nanoTime() - lastRepublishNanos > settings.republishEvery().toNanos()) {
      republish(state);
    }
    return Effect().none();
  }

  private Effect<CollectionEvent, CollectionState> onRepublish(CollectionState state, CollectionCommand.Republish tick) {
    long now = System.nanoTime();
    waiting.entrySet().removeIf(entry -> {
      Waiting writer = entry.getValue();
      if (now - writer.deadlineNanos() < 0) {
        return false;
      }
      writer.replyTo().tell(new CollectionReply.Written(writer.record(), entry.getKey(), false));
      return true;
    });
    republish(state);
    return Effect().none();
  }

  private void republish(CollectionState state) {
    if (!state.unconfirmed().isEmpty()) {
      lastRepublishNanos = System.nanoTime();
      state.unconfirmed().forEach(this::publish);
    }
  }

  private <R> Effect<CollectionEvent, CollectionState> reply(ActorRef<R> replyTo, R message) {
    return Effect().none().thenRun(state -> replyTo.tell(message));
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
