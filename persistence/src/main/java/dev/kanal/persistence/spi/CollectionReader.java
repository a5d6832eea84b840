package dev.kanal.persistence.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Reads other collections' records, for hooks and views. */
public interface CollectionReader {

  /** Every record of {@code collection}, in creation order; fails for an unknown collection. */
  CompletionStage<List<ObjectNode>> records(String collection);
}
