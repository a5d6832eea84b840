package dev.kanal.persistence.collection;

import java.util.concurrent.CompletionStage;

/**
 * Hands a collection's changes to the topic {@code collection:NAME}; the server implements it. The
 * stage completes with the highest {@code seq} the topic has taken for the collection, which may be
 * below the change's own when the topic is missing an earlier one; it fails on a timeout.
 */
public interface ChangePublisher {

  CompletionStage<Long> publish(Change change);
}
