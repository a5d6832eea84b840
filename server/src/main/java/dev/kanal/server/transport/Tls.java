package dev.kanal.server.transport;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * {@code kanal.http.tls}: with a PKCS#12 keystore the node serves HTTPS and WSS on its port;
 * without one, plain HTTP (TLS then ends at a proxy or load balancer).
 */
public final class Tls {
  private Tls() {}

  /** The server's TLS context, or empty when no keystore is configured; a keystore that cannot be read fails the start. */
  public static Optional<SSLContext> from(Config tls) {
    String keystore = tls.getString("keystore");
    if (keystore.isBlank()) {
      return Optional.empty();
    }
    char[] password = tls.getString("password").toCharArray();
    try (InputStream in = Files.newInputStream(Path.of(keystore))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return Optional.of(context);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("kanal.http.tls.keystore " + keystore + " cannot be used: " + e.getMessage(), e);
    }
  }
}
