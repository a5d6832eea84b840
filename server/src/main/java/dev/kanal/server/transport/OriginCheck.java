package dev.kanal.server.transport;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A list of browser origins, as {@code kanal.http.check-origin} (which origins may open a socket,
 * like Phoenix's {@code check_origin}) and {@code kanal.http.cors-origins} (which may call the API)
 * write them. {@code off} allows every origin; a list allows the origins it names:
 * {@code "https://app.example.com"} (that scheme, host and port), {@code "//app.example.com"} (any
 * scheme) or {@code "//*.example.com"} (any subdomain). A request without an {@code Origin} header
 * does not come from a browser page and is allowed, as in Phoenix.
 */
public final class OriginCheck {
  private final Optional<List<Allowed>> allowed;

  private OriginCheck(Optional<List<Allowed>> allowed) {
    this.allowed = allowed;
  }

  /** {@code kanal.http.check-origin}. */
  public static OriginCheck from(Config http) {
    return from(http, "check-origin");
  }

  /** The origins under {@code key} of {@code http}: {@code off} or a list. */
  public static OriginCheck from(Config http, String key) {
    ConfigValueType type = http.getValue(key).valueType();
    if (type == ConfigValueType.LIST) {
      return new OriginCheck(Optional.of(http.getStringList(key).stream().map(p -> Allowed.parse(http, key, p)).toList()));
    }
    boolean on;
    try {
      on = http.getBoolean(key);
    } catch (ConfigException.WrongType e) {
      on = true;
    }
    if (!on) {
      return new OriginCheck(Optional.empty());
    }
    throw new ConfigException.BadValue(http.origin(), key, "must be off or a list of origins");
  }

  public boolean allows(Optional<String> originHeader) {
    return allowed.isEmpty() || originHeader.isEmpty() || names(originHeader.get());
  }

  /** Whether the list names {@code origin}; never when the check is off. */
  public boolean names(String originHeader) {
    if (allowed.isEmpty()) {
      return false;
    }
    try {
      URI origin = new URI(originHeader.trim());
      if (origin.getHost() == null) {
        return false;
      }
      return allowed.get().stream().anyMatch(a -> a.matches(origin));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** One allowed origin; a null scheme or port means any. */
  private record Allowed(String scheme, String host, boolean subdomains, int port) {

    static Allowed parse(Config http, String key, String pattern) {
      try {
        URI uri = new URI(pattern.startsWith("//") ? "any:" + pattern : pattern);
        String host = uri.getHost() == null ? uri.getAuthority() : uri.getHost();
        if (host == null) {
          throw new URISyntaxException(pattern, "no host");
        }
        boolean wildcard = host.startsWith("*.");
        return new Allowed(
            pattern.startsWith("//") ? null : uri.getScheme().toLowerCase(Locale.ROOT),
            (wildcard ? host.substring(2) : host).toLowerCase(Locale.ROOT),
            wildcard,
            uri.getPort());
      } catch (URISyntaxException | NullPointerException e) {
        throw new ConfigException.BadValue(http.origin(), key, "\"" + pattern + "\" is not an origin");
      }
    }

    boolean matches(URI origin) {
      String host = origin.getHost().toLowerCase(Locale.ROOT);
      boolean hostMatches = subdomains ? host.endsWith("." + this.host) : host.equals(this.host);
      boolean schemeMatches = scheme == null || scheme.equalsIgnoreCase(origin.getScheme());
      boolean portMatches = port == -1 || port == origin.getPort();
      return hostMatches && schemeMatches && portMatches;
    }
  }
}
