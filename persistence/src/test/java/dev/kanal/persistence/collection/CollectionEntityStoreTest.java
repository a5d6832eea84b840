package dev.kanal.persistence.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanal.persistence.schema.CollectionSchema;
import dev.kanal.persistence.schema.FieldSpec;
import dev.kanal.persistence.schema.FieldType;
import dev.kanal.persistence.schema.IdKind;
import dev.kanal.persistence.store.Store;
import dev.kanal.persistence.testing.TestStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A collection entity journaling into a real store: the embedded H2 file store and PostgreSQL. */
class CollectionEntityStoreTest {
  private static final CollectionSettings SETTINGS =
      new CollectionSettings(5, 3, Duration.ofMillis(200), Duration.ofSeconds(5));

  static Store store(String kind) {
    return kind.equals("h2") ? TestStores.ensured(TestStores.h2()) : TestStores.postgres();
  }

  static CollectionSchema orders() {
    Map<String, FieldSpec> fields = new LinkedHashMap<>();
    fields.put("customer_id", FieldSpec.of("customer_id", FieldType.INTEGER));
    fields.put("state", FieldSpec.of("state", FieldType.STRING));
    return new CollectionSchema("order", IdKind.SERIAL, fields, Optional.empty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void recordsSeqAndSerialIdsSurviveARestart(String kind) {
    try (EntityHarness harness = new EntityHarness(store(kind), orders(), SETTINGS, Optional.empty())) {
      IntStream.rangeClosed(1, 7).forEach(i -> harness.create("{\"customer_id\":" + i + "}"));
      harness.update("2", "{\"state\":\"completed\"}", false);
      harness.delete("7");

      harness.restart(new TopicDouble());

      CollectionReply.Items items = harness.items();
      assertEquals(9, items.seq());
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), items.items().stream().map(r -> r.get("id").asLong()).toList());
      assertEquals("completed", items.items().get(1).get("state").asText());
      CollectionReply.Written next = (CollectionReply.Written) harness.create("{\"customer_id\":8}");
      assertEquals(8, next.record().get("id").asLong(), "serial 7 was deleted, never reused");
      assertEquals(10, next.seq());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void recoversFromASnapshotAndTheEventsAfterIt(String kind) throws Exception {
    Store store = store(kind);
    try (EntityHarness harness = new EntityHarness(store, orders(), SETTINGS, Optional.empty())) {
      IntStream.rangeClosed(1, 10).forEach(i -> harness.create("{\"customer_id\":" + i + "}"));
      String before = harness.items().items().toString();

      harness.restart(new TopicDouble());

      int snapshots = snapshotRows(store);
      assertTrue(snapshots >= 1 && snapshots <= 2, "snapshots every 3 events, 2 kept: " + snapshots);
      assertEquals(before, harness.items().items().toString(), "the same JSON (number node types may differ)");
      CollectionReply.Changes missed = assertInstanceOf(CollectionReply.Changes.class, harness.join("{\"since\":8}"));
      assertEquals(List.of(9L, 10L), missed.changes().stream().map(Change::seq).toList());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgres"})
  void aChangeJournaledButNeverPublishedIsPublishedAfterRecovery(String kind) {
    try (EntityHarness harness = new EntityHarness(store(kind), orders(), SETTINGS, Optional.empty())) {
      harness.create("{\"customer_id\":1}");
      harness.topic.lose(Integer.MAX_VALUE);
      TestProbe<CollectionReply.Write> writer = harness.kit().createTestProbe();
      harness.entity.tell(new CollectionCommand.Create(EntityHarness.object("{\"customer_id\":2}"), writer.getRef()));
      writer.expectNoMessage(Duration.ofMillis(500));

      // The node dies before any publication of change 2 reaches the topic.
      TopicDouble afterRestart = new TopicDouble();
      harness.restart(afterRestart);
      harness.entity.tell(new CollectionCommand.Wake());

      TestProbe<Void> probe = harness.kit().createTestProbe();
      probe.awaitAssert(EntityHarness.WAIT, () -> {
        assertTrue(afterRestart.deliveredSeqs().contains(2L), "delivered " + afterRestart.deliveredSeqs());
        return null;
      });
      Change redelivered = afterRestart.delivered.get(afterRestart.delivered.size() - 1);
      assertEquals(2, redelivered.after().get("customer_id").asInt());
    }
  }

  private static int snapshotRows(Store store) throws Exception {
    String table = store.kind() == Store.Kind.H2 ? "\"snapshot\"" : "snapshot";
    String column = store.kind() == Store.Kind.H2 ? "\"persistence_id\"" : "persistence_id";
    try (Connection connection = DriverManager.getConnection(store.url(), store.user(), store.password());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT COUNT(*) FROM " + table + " WHERE " + column + " = 'collection|order'")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
