package dev.kanal.server.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.presence.Metas;
import dev.kanal.server.auth.Principal;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** How a session makes the meta it tracks, and the random refs that tell metas apart. */
final class PresenceTracking {
  private PresenceTracking() {}

  /**
   * The meta to track: the client's fields, then the configured claims of the token, then a fresh
   * {@code phx_ref} and, for an update, {@code phx_ref_prev}. A configured claim only ever comes from
   * the token: a client's field of that name is dropped when the token lacks the claim.
   */
  static ObjectNode meta(ObjectNode clientMeta, Principal principal, List<String> claims, String previousRef) {
    ObjectNode meta = clientMeta.deepCopy();
    meta.remove(Metas.PHX_REF);
    meta.remove(Metas.PHX_REF_PREV);
    ObjectNode tokenClaims = principal.claims();
    for (String claim : claims) {
      if (tokenClaims.has(claim)) {
        meta.set(claim, tokenClaims.get(claim));
      } else {
        meta.remove(claim);
      }
    }
    meta.put(Metas.PHX_REF, newRef());
    if (previousRef != null) {
      meta.put(Metas.PHX_REF_PREV, previousRef);
    }
    return meta;
  }

  /** A random id, unique enough to tell apart the metas of one topic. */
  static String newRef() {
    byte[] bytes = new byte[12];
    ThreadLocalRandom.current().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
