package dev.kanal.server.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.delete;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.parameterList;
import static org.apache.pekko.http.javadsl.server.Directives.patch;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.Directives.put;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.collection.CollectionReply;
import dev.kanal.server.auth.JoinRule;
import dev.kanal.server.auth.WriteAccess;
import dev.kanal.server.channel.ChannelRouter;
import dev.kanal.server.collection.Collections;
import dev.kanal.server.config.AuthSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/collections/{c}/records[/{id}]}: list (filters, {@code sort}, {@code limit}), create,
 * read one, update (PATCH merges, PUT replaces) and delete. Reads follow the join rule of the
 * topic {@code collection:{c}}; writes need a role in {@code write-roles}. A view can be read
 * whole, never written.
 */
final class CollectionRoutes {
  private final Collections collections;
  private final ApiAuth auth;
  private final AuthSettings authSettings;
  private final WriteAccess writeAccess;
  private final ChannelRouter router;

  CollectionRoutes(Collections collections, ApiAuth auth, AuthSettings authSettings, ChannelRouter router) {
    this.collections = collections;
    this.auth = auth;
    this.authSettings = authSettings;
    this.writeAccess = new WriteAccess(authSettings);
    this.router = router;
  }

  Route route() {
    return pathPrefix(segment("api").slash("collections").slash(segment()), name ->
        pathPrefix("records", () ->
            optionalHeaderValueByName("Authorization", authorization -> {
              if (!collections.isCollection(name) && !collections.isView(name)) {
                return complete(JsonResponses.error(StatusCodes.NOT_FOUND, "unknown collection " + name));
              }
              return concat(
                  pathEndOrSingleSlash(() -> concat(
                      get(() -> read(authorization, name, () -> list(name))),
                      post(() -> write(authorization, name, () -> withBody(body -> create(name, body)))))),
                  pathPrefix(segment(), id -> pathEndOrSingleSlash(() -> concat(
                      get(() -> read(authorization, name, () -> one(name, id))),
                      patch(() -> write(authorization, name, () -> withBody(body -> update(name, id, body, false)))),
                      put(() -> write(authorization, name, () -> withBody(body -> update(name, id, body, true)))),
                      delete(() -> write(authorization, name, () -> remove(name, id)))))));
            })));
  }

  private Route read(Optional<String> authorization, String name, Supplier<Route> inner) {
    String topic = "collection:" + name;
    JoinRule rule = router.route(topic).map(route -> route.rule().join()).orElse(new JoinRule.Public());
    return auth.refuseUnless(authorization, rule, topic).map(refusal -> (Route) complete(refusal)).orElseGet(inner);
  }

  private Route write(Optional<String> authorization, String name, Supplier<Route> inner) {
    if (!writeAccess.anonymousAllowed()) {
      Optional<HttpResponse> refusal = auth.refuse(authorization, authSettings.writeRoles());
      if (refusal.isPresent()) {
        return complete(refusal.get());
      }
    }
    if (collections.isView(name)) {
      return complete(JsonResponses.error(StatusCodes.METHOD_NOT_ALLOWED, name + " is a view and cannot be written"));
    }
    return inner.get();
  }

  private Route list(String name) {
    if (collections.isView(name)) {
      return answer(collections.view(name).thenApply(view -> JsonResponses.json(StatusCodes.OK, view.view())));
    }
    return parameterList(entries -> {
      Map<String, List<String>> params = new LinkedHashMap<>();
      entries.forEach(entry -> params.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue()));
      return answer(collections.list(name, params).thenApply(read -> read instanceof CollectionReply.Items items
          ? JsonResponses.json(StatusCodes.OK, items.items())
          : refusal(read)));
    });
  }

  private Route one(String name, String id) {
    if (collections.isView(name)) {
      return complete(JsonResponses.error(StatusCodes.NOT_FOUND, "a view has no records by id"));
    }
    return answer(collections.get(name, id).thenApply(read -> read instanceof CollectionReply.Found found
        ? JsonResponses.json(StatusCodes.OK, found.record())
        : refusal(read)));
  }

  private Route create(String name, ObjectNode body) {
    return answer(collections.create(name, body).thenApply(reply -> written(reply, StatusCodes.CREATED)));
  }

  private Route update(String name, String id, ObjectNode body, boolean replace) {
    return answer(collections.update(name, id, body, replace).thenApply(reply -> written(reply, StatusCodes.OK)));
  }

  private Route remove(String name, String id) {
    return answer(collections.delete(name, id).thenApply(reply -> {
      if (reply instanceof CollectionReply.Written written) {
        return HttpResponse.create().withStatus(written.delivered() ? StatusCodes.NO_CONTENT : StatusCodes.ACCEPTED);
      }
      return refusal(reply);
    }));
  }

  /**
   * A stored write answers {@code status} with the record; one whose delivery is still pending
   * (it will be delivered, see the collection package) answers 202 with the record.
   */
  private static HttpResponse written(CollectionReply.Write reply, StatusCode status) {
    if (reply instanceof CollectionReply.Written written) {
      return JsonResponses.json(written.delivered() ? status : StatusCodes.ACCEPTED, written.record());
    }
    return refusal(reply);
  }

  private static HttpResponse refusal(Object reply) {
    if (reply instanceof CollectionReply.Invalid invalid) {
      return JsonResponses.json(StatusCodes.UNPROCESSABLE_ENTITY, invalid.errors().toJson());
    }
    if (reply instanceof CollectionReply.BadQuery bad) {
      return JsonResponses.error(StatusCodes.BAD_REQUEST, bad.message());
    }
    return JsonResponses.error(StatusCodes.NOT_FOUND, "not found");
  }

  private static Route answer(CompletionStage<HttpResponse> response) {
    return completeWithFuture(response.exceptionally(
        failure -> JsonResponses.error(StatusCodes.SERVICE_UNAVAILABLE, "the collection did not answer in time")));
  }

  /** Reads the body ({@link RequestBodies}) and goes on with it, or answers why it cannot. */
  private static Route withBody(Function<ObjectNode, Route> inner) {
    return extractMaterializer(materializer -> extractRequestEntity(entity ->
        onSuccess(RequestBodies.object(entity, materializer), parsed -> parsed instanceof RequestBodies.Parsed.Body body
            ? inner.apply(body.value())
            : complete(((RequestBodies.Parsed.Refused) parsed).response()))));
  }
}
