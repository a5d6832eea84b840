package dev.kanal.server.collection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.collection.Change;
import dev.kanal.persistence.collection.ChangeView;
import dev.kanal.persistence.collection.CollectionReply;
import dev.kanal.persistence.filter.Filter;
import dev.kanal.persistence.filter.FilterParser;
import dev.kanal.persistence.filter.InvalidFilter;
import dev.kanal.persistence.schema.CollectionSchema;
import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Reply;
import dev.kanal.server.auth.WriteAccess;
import dev.kanal.server.channel.ChangeEvent;
import dev.kanal.server.channel.ChangeFilter;
import dev.kanal.server.channel.ChannelKind;
import dev.kanal.server.channel.JoinOutcome;
import dev.kanal.server.channel.JoinRequest;
import dev.kanal.server.channel.PushOutcome;
import dev.kanal.server.channel.PushRequest;
import dev.kanal.server.channel.Replies;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code collection:NAME}: a join answers the records matching its {@code options} (or the changes
 * missed since {@code since}) and the channel then receives {@code change} events through the same
 * filter. Pushes {@code create}, {@code update} and {@code delete} write as REST does.
 */
public final class CollectionKind implements ChannelKind<CollectionKind.Subscription> {
  private final Collections collections;
  private final WriteAccess writeAccess;
  private final Clock clock;

  public CollectionKind(Collections collections, WriteAccess writeAccess, Clock clock) {
    this.collections = collections;
    this.writeAccess = writeAccess;
    this.clock = clock;
  }

  /** A joined channel: its collection and the filter its changes pass through. */
  public record Subscription(String collection, Filter filter) implements ChangeFilter {
    @Override
    public ChangeView view(Change change) {
      return ChangeView.of(change, filter);
    }
  }

  /** The reply reads the collection, so it must come after the subscription is in place. */
  @Override
  public boolean subscribesFirst() {
    return true;
  }

  @Override
  public CompletionStage<JoinOutcome<Subscription>> join(JoinRequest request) {
    String name = collectionOf(request.topic());
    if (collections.isView(name)) {
      return collections.view(name).thenApply(view -> {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("items", view.view());
        response.put("seq", view.seq());
        return new JoinOutcome.Accepted<>(Payload.json(response), new Subscription(name, Filter.ALL), view.seq());
      });
    }
    CollectionSchema schema = collections.schema(name).orElse(null);
    if (schema == null) {
      return refuse("unknown collection");
    }
    JsonNode payload = request.payload() instanceof Payload.Json json ? json.value() : null;
    JsonNode options = payload != null && payload.isObject() ? payload.get("options") : null;
    if (options != null && !options.isObject()) {
      return refuse("options must be an object");
    }
    ObjectNode given = options == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) options;
    Filter filter;
    try {
      filter = FilterParser.parseOptions(given, schema, clock);
    } catch (InvalidFilter e) {
      return refuse(e.getMessage());
    }
    Subscription subscription = new Subscription(name, filter);
    return collections.join(name, given).thenApply(read -> joined(read, subscription));
  }

  private static JoinOutcome<Subscription> joined(CollectionReply.Read read, Subscription subscription) {
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    long seq;
    if (read instanceof CollectionReply.Items items) {
      response.putArray("items").addAll(items.items());
      seq = items.seq();
    } else if (read instanceof CollectionReply.Changes changes) {
      ArrayNode missed = response.putArray("changes");
      changes.changes().forEach(change -> missed.add(ChangeEvent.payload(change)));
      seq = changes.seq();
    } else {
      return new JoinOutcome.Refused<>(CollectionAnswers.reason(read));
    }
    response.put("seq", seq);
    return new JoinOutcome.Accepted<>(Payload.json(response), subscription, seq);
  }

  @Override
  public PushOutcome handlePush(PushRequest request, Subscription subscription) {
    String event = request.event();
    if (!List.of("create", "update", "delete").contains(event)) {
      return error("unknown event " + event + "; a collection channel takes create, update and delete");
    }
    if (!writeAccess.allows(request.principal())) {
      return error("unauthorized");
    }
    if (collections.isView(subscription.collection())) {
      return error(subscription.collection() + " is a view and cannot be written");
    }
    JsonNode payload = request.payload() instanceof Payload.Json json ? json.value() : null;
    if (payload == null || !payload.isObject()) {
      return error("the payload must be a JSON object");
    }
    ObjectNode body = ((ObjectNode) payload).deepCopy();
    String name = subscription.collection();
    if (event.equals("create")) {
      return answer(collections.create(name, body));
    }
    JsonNode id = body.remove(CollectionSchema.ID);
    if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
      return error("id is required");
    }
    return answer(event.equals("update")
        ? collections.update(name, id.asText(), body, false)
        : collections.delete(name, id.asText()));
  }

  /** An ok reply carries the written record, as the REST answer does; a refusal its reason and errors. */
  private static PushOutcome answer(CompletionStage<CollectionReply.Write> write) {
    return new PushOutcome.Deferred(write.thenApply(reply -> reply instanceof CollectionReply.Written written
        ? new PushOutcome.Respond(Reply.Status.OK, Payload.json(written.record()))
        : new PushOutcome.Respond(Reply.Status.ERROR, Payload.json(CollectionAnswers.errorBody(reply)))));
  }

  private static PushOutcome error(String reason) {
    return new PushOutcome.Respond(Reply.Status.ERROR, Replies.reason(reason));
  }

  private static <S> CompletionStage<JoinOutcome<S>> refuse(String reason) {
    return CompletableFuture.completedFuture(new JoinOutcome.Refused<>(reason));
  }

  /** {@code collection:order} → {@code order}: whatever follows the topic's first colon. */
  static String collectionOf(String topic) {
    return topic.substring(topic.indexOf(':') + 1);
  }
}
