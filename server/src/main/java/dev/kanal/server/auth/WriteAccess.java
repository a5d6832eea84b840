package dev.kanal.server.auth;

import dev.kanal.server.config.AuthSettings;

/** Who may write to collections: a token whose role is in {@code write-roles}, or anyone with {@code anonymous-writes}. */
public final class WriteAccess {
  private final AuthSettings auth;

  public WriteAccess(AuthSettings auth) {
    this.auth = auth;
  }

  public boolean anonymousAllowed() {
    return auth.anonymousWrites();
  }

  public boolean allows(Principal principal) {
    return auth.anonymousWrites() || principal.role().filter(auth.writeRoles()::contains).isPresent();
  }
}
