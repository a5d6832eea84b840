package dev.kanal.server.channel;

import dev.kanal.server.config.ChannelRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds the rule and kind for a topic: the first rule of {@code kanal.channels} that matches. */
public final class ChannelRouter {
  private final List<Route> routes;

  private ChannelRouter(List<Route> routes) {
    this.routes = routes;
  }

  /** Builds one kind per rule; an unknown kind fails here, at start, naming the rule. */
  public static ChannelRouter of(List<ChannelRule> rules) {
    return of(rules, Map.of());
  }

  /** As {@link #of(List)}, with the kinds the node provides by name (e.g. {@code collection}). */
  public static ChannelRouter of(List<ChannelRule> rules, Map<String, ChannelKind<?>> provided) {
    return new ChannelRouter(
        rules.stream()
            .map(rule -> {
              try {
                return new Route(rule, erased(ChannelKinds.create(rule.kind(), provided)));
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                    "kanal.channels rule \"" + rule.pattern() + "\": " + e.getMessage(), e);
              }
            })
            .toList());
  }

  /** A kind only ever gets back the state its own join produced, so the erasure is safe. */
  @SuppressWarnings("unchecked")
  private static ChannelKind<Object> erased(ChannelKind<?> kind) {
    return (ChannelKind<Object>) kind;
  }

  public Optional<Route> route(String topic) {
    return routes.stream().filter(route -> route.rule().matches(topic)).findFirst();
  }

  /** A rule together with the kind that serves it. */
  public record Route(ChannelRule rule, ChannelKind<Object> kind) {}
}
