package dev.kanal.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.Multipart;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.Materializer;

/**
 * Reads a write's body: a JSON object, or a {@code multipart/form-data} form (what a browser's
 * {@code FormData} sends). Form fields become string values, which the schema casts to the field
 * types; a file becomes a {@code data:} URL string, so it is stored inside the record.
 */
final class RequestBodies {
  private static final long FORM_READ_MILLIS = 10_000;

  private RequestBodies() {}

  /** A body ready to write, or the 400 to answer. */
  sealed interface Parsed {
    record Body(ObjectNode value) implements Parsed {}

    record Refused(HttpResponse response) implements Parsed {}
  }

  static CompletionStage<Parsed> object(HttpEntity entity, Materializer materializer) {
    if (entity.getContentType().mediaType().toString().startsWith(MediaTypes.MULTIPART_FORM_DATA.toString())) {
      return Unmarshaller.entityToMultipartFormData()
          .unmarshal(entity, materializer)
          .thenCompose(form -> form.toStrict(FORM_READ_MILLIS, materializer))
          .thenApply(RequestBodies::fromForm);
    }
    return Unmarshaller.entityToString().unmarshal(entity, materializer).thenApply(RequestBodies::fromJson);
  }

  private static Parsed fromJson(String text) {
    JsonNode json;
    try {
      json = JsonResponses.JSON.readTree(text);
    } catch (IOException e) {
      return new Parsed.Refused(JsonResponses.error(StatusCodes.BAD_REQUEST, "the body is not JSON"));
    }
    if (json == null || !json.isObject()) {
      return new Parsed.Refused(JsonResponses.error(StatusCodes.BAD_REQUEST, "the body must be a JSON object"));
    }
    return new Parsed.Body((ObjectNode) json);
  }

  private static Parsed fromForm(Multipart.FormData.Strict form) {
    ObjectNode body = JsonResponses.JSON.createObjectNode();
    for (Multipart.FormData.BodyPart.Strict part : form.getStrictParts()) {
      byte[] bytes = part.getEntity().getData().toArray();
      if (part.getFilename().isPresent()) {
        body.put(part.getName(), "data:" + part.getEntity().getContentType().mediaType()
            + ";base64," + Base64.getEncoder().encodeToString(bytes));
      } else {
        body.put(part.getName(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return new Parsed.Body(body);
  }
}
