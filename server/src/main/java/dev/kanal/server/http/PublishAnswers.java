package dev.kanal.server.http;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** How every broadcast endpoint answers a publish: 202, 422 naming the refused field, or 503. */
final class PublishAnswers {
  private PublishAnswers() {}

  static Route complete(CompletionStage<ServerPublisher.Result> published) {
    return completeWithFuture(published
        .thenApply(result -> result instanceof ServerPublisher.Result.Refused refused
            ? JsonResponses.fieldError(StatusCodes.UNPROCESSABLE_ENTITY, refused.field(), refused.reason())
            : HttpResponse.create().withStatus(StatusCodes.ACCEPTED))
        .exceptionally(failure -> JsonResponses.error(StatusCodes.SERVICE_UNAVAILABLE, "the topic did not answer in time")));
  }
}
