package dev.kanal.persistence.collection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.CollectionSerializable;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/** What a collection entity is asked to do. Commands may cross nodes, so they hold plain data. */
public sealed interface CollectionCommand {

  /** Commands that arrive through sharding; the others are the entity's own. */
  sealed interface Request extends CollectionCommand, CollectionSerializable {}

  /** Creates a record from a (hook-prepared) body; the server picks the id. */
  record Create(ObjectNode body, ActorRef<CollectionReply.Write> replyTo) implements Request {}

  /** Updates a record: {@code replace} for PUT (the body is the whole record), else a PATCH merge. */
  record Update(String id, ObjectNode body, boolean replace, ActorRef<CollectionReply.Write> replyTo)
      implements Request {}

  record Delete(String id, ActorRef<CollectionReply.Write> replyTo) implements Request {}

  /** Loads seed records, ids included, into a collection that has never had a change. */
  record Import(List<ObjectNode> records, ActorRef<CollectionReply.Imported> replyTo) implements Request {}

  record Get(String id, ActorRef<CollectionReply.Read> replyTo) implements Request {}

  /** A REST list: query parameters as they came (filters, {@code sort}, {@code limit}). */
  record ListRecords(Map<String, List<String>> params, ActorRef<CollectionReply.Read> replyTo) implements Request {}

  /** A channel join: its {@code options} (filters, {@code since}). */
  record Join(ObjectNode options, ActorRef<CollectionReply.Read> replyTo) implements Request {}

  /** Starts the entity so that it publishes what it journaled but never delivered. */
  record Wake() implements Request {}

  /** The topic answered (or did not) the publication of {@code seq}. */
  record PublishAnswered(long seq, Long confirmedUpTo, Throwable failure) implements CollectionCommand {}

  /** Time to publish unconfirmed changes again. */
  enum Republish implements CollectionCommand {
    INSTANCE
  }
}
