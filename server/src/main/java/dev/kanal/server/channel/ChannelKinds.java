package dev.kanal.server.channel;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Set;

/** Turns a rule's {@code kind} into a kind: a built-in name, or the class name of a user's kind. */
final class ChannelKinds {
  private static final Set<String> NOT_YET_SERVED = Set.of("collection");

  private ChannelKinds() {}

  /** {@code provided}: kinds the node builds itself because they need its parts (e.g. {@code collection}). */
  static ChannelKind<?> create(String name, Map<String, ChannelKind<?>> provided) {
    switch (name) {
      case "broadcast":
        return new BroadcastKind();
      case "server":
        return new ServerKind();
      case "realtime":
        return new RealtimeKind();
      default:
        if (provided.containsKey(name)) {
          return provided.get(name);
        }
        return NOT_YET_SERVED.contains(name) ? new UnavailableKind(name) : load(name);
    }
  }

  private static ChannelKind<?> load(String className) {
    try {
      Class<?> type = Class.forName(className);
      if (!ChannelKind.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(className + " does not implement " + ChannelKind.class.getName());
      }
      return (ChannelKind<?>) type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "unknown channel kind \"" + className + "\": use broadcast, server, collection, realtime or a class name", e);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new IllegalArgumentException(
          "channel kind " + className + " needs a public no-argument constructor that succeeds", cause);
    }
  }
}
