package dev.kanal.persistence;

/**
 * Marks what collections store (events, snapshots) and send between nodes (commands, replies,
 * changes); the server binds it to Pekko's Jackson CBOR serializer.
 */
public interface CollectionSerializable {}
