package dev.kanal.server.collection;

import java.lang.reflect.InvocationTargetException;

/** Instantiates user classes named in config (hooks, views), failing at start with the key named. */
final class Plugins {
  private Plugins() {}

  static <T> T instantiate(String key, String className, Class<T> type) {
    try {
      Class<?> loaded = Class.forName(className);
      if (!type.isAssignableFrom(loaded)) {
        throw new IllegalArgumentException(key + ": " + className + " does not implement " + type.getName());
      }
      return type.cast(loaded.getDeclaredConstructor().newInstance());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(key + ": class " + className + " not found", e);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new IllegalArgumentException(key + ": " + className + " needs a public no-argument constructor that succeeds", cause);
    }
  }
}
