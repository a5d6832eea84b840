package dev.kanal.persistence.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A read-only collection computed from others, e.g. a menu tree built from categories and items.
 * Named by {@code kanal.views.NAME.class} (a class with a public no-argument constructor) and
 * joined as {@code collection:NAME}: the join answers {@code {"items": view}} and every change to a
 * source sends the whole view again as an {@code update}.
 */
public interface CollectionView {

  /** The collections the view is computed from. */
  List<String> sources();

  /** Computes the view, one JSON object, from every record of each source, keyed by source name. */
  ObjectNode compute(Map<String, List<ObjectNode>> records);
}
