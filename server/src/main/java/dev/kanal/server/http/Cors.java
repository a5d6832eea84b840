package dev.kanal.server.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.headerValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.options;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;

import dev.kanal.server.transport.OriginCheck;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.AccessControlAllowCredentials;
import org.apache.pekko.http.javadsl.model.headers.AccessControlAllowHeaders;
import org.apache.pekko.http.javadsl.model.headers.AccessControlAllowMethods;
import org.apache.pekko.http.javadsl.model.headers.AccessControlAllowOrigin;
import org.apache.pekko.http.javadsl.model.headers.AccessControlMaxAge;
import org.apache.pekko.http.javadsl.model.headers.HttpOrigin;
import org.apache.pekko.http.javadsl.model.headers.HttpOriginRange;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * CORS for the HTTP API ({@code kanal.http.cors-origins}), so a browser app on another origin can
 * call it with credentials: a named origin is echoed (never {@code *}, which credentials forbid) on
 * every answer, errors included, and a preflight {@code OPTIONS} is answered 204.
 */
final class Cors {
  private static final long PREFLIGHT_CACHE_SECONDS = 600;

  private final OriginCheck origins;

  Cors(OriginCheck origins) {
    this.origins = origins;
  }

  Route wrap(Supplier<Route> inner) {
    return optionalHeaderValueByName("Origin", origin -> {
      if (origin.isEmpty() || !origins.names(origin.get())) {
        return inner.get();
      }
      List<HttpHeader> allowed = List.of(
          AccessControlAllowOrigin.create(HttpOriginRange.create(HttpOrigin.parse(origin.get()))),
          AccessControlAllowCredentials.create(true),
          RawHeader.create("Vary", "Origin"));
      return respondWithHeaders(allowed, () -> concat(
          options(() -> headerValueByName("Access-Control-Request-Method", method -> complete(preflight()))),
          handleRejections(RejectionHandler.defaultHandler(), inner)));
    });
  }

  private static HttpResponse preflight() {
    return HttpResponse.create()
        .withStatus(StatusCodes.NO_CONTENT)
        .addHeader(AccessControlAllowMethods.create(
            HttpMethods.GET, HttpMethods.POST, HttpMethods.PUT, HttpMethods.PATCH, HttpMethods.DELETE, HttpMethods.OPTIONS))
        .addHeader(AccessControlAllowHeaders.create("Authorization", "Content-Type", "Accept", "X-Requested-With", "apikey"))
        .addHeader(AccessControlMaxAge.create(PREFLIGHT_CACHE_SECONDS));
  }
}
