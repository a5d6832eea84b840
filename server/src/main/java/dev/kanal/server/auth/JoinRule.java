package dev.kanal.server.auth;

/**
 * Who may join a topic, as written in a channel rule's {@code join}: {@code public},
 * {@code authenticated}, {@code role:NAME}, or {@code claim:NAME} (the claim must equal the part of
 * the topic after its first {@code :}, e.g. {@code staff:{claims.site}}; a topic without {@code :}
 * never matches a claim).
 */
public sealed interface JoinRule {

  boolean allows(Principal principal, String topic);

  static JoinRule parse(String spec) {
    if (spec.equals("public")) {
      return new Public();
    }
    if (spec.equals("authenticated")) {
      return new Authenticated();
    }
    if (spec.startsWith("role:") && spec.length() > 5) {
      return new Role(spec.substring(5));
    }
    if (spec.startsWith("claim:") && spec.length() > 6) {
      return new Claim(spec.substring(6));
    }
    throw new IllegalArgumentException(
        "join must be public, authenticated, role:NAME or claim:NAME, not \"" + spec + "\"");
  }

  record Public() implements JoinRule {
    @Override
    public boolean allows(Principal principal, String topic) {
      return true;
    }
  }

  record Authenticated() implements JoinRule {
    @Override
    public boolean allows(Principal principal, String topic) {
      return principal.authenticated();
    }
  }

  record Role(String name) implements JoinRule {
    @Override
    public boolean allows(Principal principal, String topic) {
      return principal.authenticated() && principal.role().filter(name::equals).isPresent();
    }
  }

  record Claim(String name) implements JoinRule {
    @Override
    public boolean allows(Principal principal, String topic) {
      int colon = topic.indexOf(':');
      if (colon < 0) {
        return false;
      }
      String suffix = topic.substring(colon + 1);
      return principal.authenticated() && principal.claim(name).filter(suffix::equals).isPresent();
    }
  }
}
