package dev.kanal.server.channel;

import dev.kanal.persistence.collection.Change;
import dev.kanal.persistence.collection.ChangeView;

/**
 * A channel state that sees collection changes through a filter. A channel whose state is not one
 * receives every change as it is.
 */
public interface ChangeFilter {

  ChangeView view(Change change);
}
