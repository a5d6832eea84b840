package dev.kanal.server.collection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.collection.ChangePublisher;
import dev.kanal.persistence.collection.CollectionCommand;
import dev.kanal.persistence.collection.CollectionEntity;
import dev.kanal.persistence.collection.CollectionReply;
import dev.kanal.persistence.schema.CollectionSchema;
import dev.kanal.persistence.spi.CollectionHook;
import dev.kanal.persistence.spi.CollectionReader;
import dev.kanal.persistence.spi.CollectionView;
import dev.kanal.persistence.spi.HookRejection;
import dev.kanal.server.config.CollectionsSettings;
import dev.kanal.server.topic.TopicEntities;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The node's way into collections and views: sharded collection entities (one per collection in
 * the cluster), hooks around writes, and views computed on demand. REST routes and the
 * {@code collection} channel kind both go through it, so both follow the same rules.
 */
public final class Collections implements CollectionReader {
  public static final EntityTypeKey<CollectionCommand> TYPE_KEY =
      EntityTypeKey.create(CollectionCommand.class, "collection");
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final Map<String, CollectionSchema> schemas;
  private final Map<String, CollectionHook> hooks;
  private final Duration writeTimeout;
  private Views views;

  private Collections(ActorSystem<?> system, CollectionsSettings settings, Map<String, CollectionHook> hooks) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.schemas = settings.collections();
    this.hooks = hooks;
    this.writeTimeout = settings.log().confirmWait().plus(READ_TIMEOUT);
  }

  /** Loads hooks and views and starts the collections' sharding; a bad class fails here. */
  public static Collections start(ActorSystem<?> system, CollectionsSettings settings, TopicEntities entities) {
    return start(system, settings, entities, UnaryOperator.identity());
  }

  /** As {@link #start(ActorSystem, CollectionsSettings, TopicEntities)}, with a publisher a test may wrap. */
  static Collections start(
      ActorSystem<?> system,
      CollectionsSettings settings,
      TopicEntities entities,
      UnaryOperator<ChangePublisher> publisherWrapper) {
    Map<String, CollectionHook> hooks = new HashMap<>();
    settings.collections().forEach((name, schema) -> schema.hookClass().ifPresent(className ->
        hooks.put(name, Plugins.instantiate("kanal.collections." + name + ".hook", className, CollectionHook.class))));
    Map<String, CollectionView> viewDefinitions = new HashMap<>();
    settings.views().forEach((name, className) ->
        viewDefinitions.put(name, Plugins.instantiate("kanal.views." + name + ".class", className, CollectionView.class)));
    Views.checkSources(viewDefinitions, settings.collections().keySet());

    Collections collections = new Collections(system, settings, hooks);
    ActorRef<Object> ignore = system.ignoreRef();
    collections.views = new Views(viewDefinitions, collections::readAll, entities, ignore.unsafeUpcast());
    ChangePublisher publisher = publisherWrapper.apply(
        new TopicChangePublisher(entities, system.scheduler(), collections.views::sourceChanged));
    TopicNotifier notifier = new TopicNotifier(entities);
    ClusterSharding.get(system).init(Entity.of(TYPE_KEY, context -> {
      CollectionSchema schema = settings.collections().get(context.getEntityId());
      return schema == null
          ? Behaviors.stopped()
          : CollectionEntity.create(
              schema, Optional.ofNullable(hooks.get(schema.name())), publisher, notifier, settings.log(), Clock.systemUTC());
    }));
    return collections;
  }

  public boolean isCollection(String name) {
    return schemas.containsKey(name);
  }

  public boolean isView(String name) {
    return views.contains(name);
  }

  public Optional<CollectionSchema> schema(String name) {
    return Optional.ofNullable(schemas.get(name));
  }

  /** Starts every collection so that each publishes what it journaled but did not deliver. */
  public void wakeAll() {
    schemas.keySet().forEach(name -> entity(name).tell(new CollectionCommand.Wake()));
  }

  public CompletionStage<CollectionReply.Write> create(String name, ObjectNode body) {
    return prepareThen(name, body, null, prepared -> write(name, replyTo -> new CollectionCommand.Create(prepared, replyTo)));
  }

  /** PUT when {@code replace}, else PATCH. A hook sees the record as it is before the update. */
  public CompletionStage<CollectionReply.Write> update(String name, String id, ObjectNode body, boolean replace) {
    Function<ObjectNode, CompletionStage<CollectionReply.Write>> update =
        prepared -> write(name, replyTo -> new CollectionCommand.Update(id, prepared, replace, replyTo));
    if (!hooks.containsKey(name)) {
      return update.apply(body);
    }
    return get(name, id).thenCompose(read -> read instanceof CollectionReply.Found found
        ? prepareThen(name, body, found.record(), update)
        : CompletableFuture.completedFuture(new CollectionReply.NotFound()));
  }

  public CompletionStage<CollectionReply.Write> delete(String name, String id) {
    return write(name, replyTo -> new CollectionCommand.Delete(id, replyTo));
  }

  public CompletionStage<CollectionReply.Read> get(String name, String id) {
    return read(name, replyTo -> new CollectionCommand.Get(id, replyTo));
  }

  public CompletionStage<CollectionReply.Read> list(String name, Map<String, List<String>> params) {
    return read(name, replyTo -> new CollectionCommand.ListRecords(params, replyTo));
  }

  public CompletionStage<CollectionReply.Read> join(String name, ObjectNode options) {
    return read(name, replyTo -> new CollectionCommand.Join(options, replyTo));
  }

  /** A view as it is now, with the {@code seq} it is current at. */
  public CompletionStage<ComputedView> view(String name) {
    return views.compute(name);
  }

  public CompletionStage<CollectionReply.Imported> importRecords(String name, List<ObjectNode> records) {
    return AskPattern.ask(entity(name), replyTo -> new CollectionCommand.Import(records, replyTo), writeTimeout, system.scheduler());
  }

  @Override
  public CompletionStage<List<ObjectNode>> records(String collection) {
    if (!isCollection(collection)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("unknown collection " + collection));
    }
    return readAll(collection).thenApply(CollectionReply.Items::items);
  }

  private CompletionStage<CollectionReply.Items> readAll(String collection) {
    return join(collection, JsonNodeFactory.instance.objectNode()).thenApply(CollectionReply.Items.class::cast);
  }

  /** Runs the collection's hook on the body, if it has one, then the write; a refusal is a 422. */
  private CompletionStage<CollectionReply.Write> prepareThen(
      String name,
      ObjectNode body,
      ObjectNode existing,
      Function<ObjectNode, CompletionStage<CollectionReply.Write>> write) {
    CollectionHook hook = hooks.get(name);
    if (hook == null) {
      return write.apply(body);
    }
    CompletionStage<ObjectNode> prepared;
    try {
      prepared = hook.prepare(body, existing, this);
    } catch (RuntimeException e) {
      prepared = CompletableFuture.failedFuture(e);
    }
    return prepared
        .handle((ready, failure) -> {
          if (failure == null) {
            return write.apply(ready);
          }
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
          return cause instanceof HookRejection rejection
              ? CompletableFuture.<CollectionReply.Write>completedFuture(new CollectionReply.Invalid(rejection.errors()))
              : CompletableFuture.<CollectionReply.Write>failedFuture(cause);
        })
        .thenCompose(Function.identity());
  }

  private CompletionStage<CollectionReply.Write> write(
      String name, Function<ActorRef<CollectionReply.Write>, CollectionCommand> command) {
    return AskPattern.ask(entity(name), command::apply, writeTimeout, system.scheduler());
  }

  private CompletionStage<CollectionReply.Read> read(
      String name, Function<ActorRef<CollectionReply.Read>, CollectionCommand> command) {
    return AskPattern.ask(entity(name), command::apply, READ_TIMEOUT, system.scheduler());
  }

  private EntityRef<CollectionCommand> entity(String name) {
    return sharding.entityRefFor(TYPE_KEY, name);
  }
}
