package dev.kanal.server.collection;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.collection.Change;
import dev.kanal.persistence.collection.CollectionReply;
import dev.kanal.persistence.spi.CollectionView;
import dev.kanal.server.topic.TopicEntities;
import dev.kanal.server.topic.TopicEntity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured views. A view's {@code seq} is the sum of its sources' {@code seq}s: it grows with
 * every source change, so the topic can drop a computation that was overtaken by a newer one.
 */
final class Views {
  private static final Logger LOG = LoggerFactory.getLogger(Views.class);

  private final Map<String, CollectionView> views;
  private final Function<String, CompletionStage<CollectionReply.Items>> readAll;
  private final TopicEntities entities;
  private final ActorRef<TopicEntity.ChangeTaken> ignore;

  Views(
      Map<String, CollectionView> views,
      Function<String, CompletionStage<CollectionReply.Items>> readAll,
      TopicEntities entities,
      ActorRef<TopicEntity.ChangeTaken> ignore) {
    this.views = Map.copyOf(views);
    this.readAll = readAll;
    this.entities = entities;
    this.ignore = ignore;
  }

  boolean contains(String name) {
    return views.containsKey(name);
  }

  CompletionStage<ComputedView> compute(String name) {
    CollectionView view = views.get(name);
    List<CompletableFuture<CollectionReply.Items>> reads = new ArrayList<>();
    view.sources().forEach(source -> reads.add(readAll.apply(source).toCompletableFuture()));
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, List<ObjectNode>> records = new LinkedHashMap<>();
      long seq = 0;
      for (int i = 0; i < reads.size(); i++) {
        CollectionReply.Items items = reads.get(i).join();
        records.put(view.sources().get(i), items.items());
        seq += items.seq();
      }
      return new ComputedView(view.compute(records), seq);
    });
  }

  /** Sends every view built on {@code collection} again, whole, as an {@code update}. */
  void sourceChanged(String collection) {
    views.forEach((name, view) -> {
      if (view.sources().contains(collection)) {
        compute(name).whenComplete((computed, failure) -> {
          if (failure != null) {
            LOG.warn("View {} could not be computed after a change to {}", name, collection, failure);
          } else {
            Change change = new Change(name, computed.seq(), Change.Action.UPDATE, NullNode.instance, null, computed.view());
            entities.entityFor(TopicChangePublisher.topic(name)).tell(new TopicEntity.PublishChange(change, false, ignore));
          }
        });
      }
    });
  }

  /** Fails the start when a view names a source that is not a collection. */
  static void checkSources(Map<String, CollectionView> views, Set<String> collections) {
    Map<String, List<String>> missing = new HashMap<>();
    views.forEach((name, view) -> view.sources().stream()
        .filter(source -> !collections.contains(source))
        .forEach(source -> missing.computeIfAbsent(name, n -> new ArrayList<>()).add(source)));
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("kanal.views: sources that are not collections: " + missing);
    }
  }
}
