package dev.kanal.persistence.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.schema.CollectionSchema;
import dev.kanal.persistence.schema.FieldErrors;
import dev.kanal.persistence.schema.FieldSpec;
import dev.kanal.persistence.schema.FieldType;
import dev.kanal.persistence.schema.IdKind;
import dev.kanal.persistence.spi.CollectionHook;
import dev.kanal.persistence.testing.TestStores;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One collection entity on the embedded H2 store: ids, refused writes, the hook's {@code complete},
 * imports and delivery after lost publications. One actor system for the class; tests that need a
 * collection of their own spawn one under a fresh name on it.
 */
class CollectionEntityTest {
  /** Writes wait 300 ms for the topic; unconfirmed changes go again every 100 ms. */
  private static final CollectionSettings SETTINGS =
      new CollectionSettings(20, 50, Duration.ofMillis(100), Duration.ofMillis(300));
  private static final AtomicInteger NAMES = new AtomicInteger();

  private static EntityHarness harness;
  /** The harness's own uuid collection "task". */
  private static Entity tasks;

  @BeforeAll
  static void start() {
    harness = new EntityHarness(TestStores.ensured(TestStores.h2()), schema("task", IdKind.UUID), SETTINGS, Optional.empty());
    tasks = new Entity(harness.entity, harness.topic);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  /** title (required string), priority (integer 1–3, held cast as fromConfig holds them), number (integer). */
  private static CollectionSchema schema(String name, IdKind idKind) {
    Map<String, FieldSpec> fields = new LinkedHashMap<>();
    fields.put("title", new FieldSpec("title", FieldType.STRING, true, Optional.empty(), List.of()));
    fields.put("priority", new FieldSpec("priority", FieldType.INTEGER, false, Optional.empty(),
        List.of(LongNode.valueOf(1), LongNode.valueOf(2), LongNode.valueOf(3))));
    fields.put("number", FieldSpec.of("number", FieldType.INTEGER));
    return new CollectionSchema(name, idKind, fields, Optional.empty());
  }

  /** A collection of its own, never used before, with its own topic double. */
  private static Entity spawn(IdKind idKind, Optional<CollectionHook> hook) {
    String name = "fresh" + NAMES.incrementAndGet();
    TopicDouble topic = new TopicDouble();
    ActorRef<CollectionCommand> ref = harness.kit().spawn(
        CollectionEntity.create(schema(name, idKind), hook, topic, (t, e, p) -> {}, SETTINGS, Clock.systemUTC()), name);
    return new Entity(ref, topic);
  }

  /** Gives each new record the next running number: one more than the highest among the existing. */
  static final class RunningNumber implements CollectionHook {
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public ObjectNode complete(ObjectNode record, Collection<ObjectNode> existing) {
      threads.add(Thread.currentThread().getName());
      long highest = existing.stream().mapToLong(r -> r.path("number").asLong(0)).max().orElse(0);
      record.put("number", highest + 1);
      return record;
    }
  }

  private record Entity(ActorRef<CollectionCommand> ref, TopicDouble topic) {
    <R> R ask(Function<ActorRef<R>, CollectionCommand> command) {
      TestProbe<R> probe = harness.kit().createTestProbe();
      ref.tell(command.apply(probe.getRef()));
      return probe.receiveMessage(EntityHarness.WAIT);
    }

    CollectionReply.Write create(String json) {
      return ask(replyTo -> new CollectionCommand.Create(EntityHarness.object(json), replyTo));
    }

    ObjectNode created(String json) {
      CollectionReply.Written written = assertInstanceOf(CollectionReply.Written.class, create(json));
      return written.record();
    }

    CollectionReply.Write update(String id, String json, boolean replace) {
      return ask(replyTo -> new CollectionCommand.Update(id, EntityHarness.object(json), replace, replyTo));
    }

    CollectionReply.Write delete(String id) {
      return ask(replyTo -> new CollectionCommand.Delete(id, replyTo));
    }

    CollectionReply.Read get(String id) {
      return ask(replyTo -> new CollectionCommand.Get(id, replyTo));
    }

    CollectionReply.Imported importing(String... records) {
      List<ObjectNode> nodes = java.util.Arrays.stream(records).map(EntityHarness::object).toList();
      return ask(replyTo -> new CollectionCommand.Import(nodes, replyTo));
    }

    CollectionReply.Items items() {
      return assertInstanceOf(
          CollectionReply.Items.class,
          this.<CollectionReply.Read>ask(replyTo -> new CollectionCommand.Join(EntityHarness.object("{}"), replyTo)));
    }

    long seq() {
      return items().seq();
    }
  }

  private static List<String> ids(List<ObjectNode> records) {
    return records.stream().map(r -> r.get("id").asText()).toList();
  }

  // --- ids ---

  @Test
  void uuidIdsAreVersion7StringsThatIncreaseInCreationOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      JsonNode id = tasks.created("{\"title\":\"t" + i + "\"}").get("id");
      assertTrue(id.isTextual(), "a uuid id is a string: " + id);
      UUID uuid = UUID.fromString(id.textValue());
      assertEquals(7, uuid.version(), id.textValue());
      assertEquals(2, uuid.variant(), id.textValue());
      assertEquals(uuid.toString(), id.textValue(), "canonical lower-case spelling");
      ids.add(id.textValue());
    }
    assertEquals(ids.stream().sorted().toList(), ids, "text order is creation order, also within one millisecond");
    assertEquals(25, ids.stream().distinct().count());
    List<String> listed = ids(tasks.items().items());
    assertEquals(ids, listed.subList(listed.size() - 25, listed.size()), "records are listed in creation order");
  }

  @Test
  void aCreateAnswersTheStoredRecordWithServerFields() {
    long seq = tasks.seq();
    CollectionReply.Written written = assertInstanceOf(
        CollectionReply.Written.class, tasks.create("{\"title\":\"a\",\"priority\":\"2\",\"id\":\"mine\"}"));
    ObjectNode record = written.record();

    assertEquals(seq + 1, written.seq());
    assertTrue(written.delivered(), "the topic double confirms at once");
    assertNotEquals("mine", record.get("id").asText(), "the server picks the id");
    assertEquals(2, record.get("priority").asLong());
    assertTrue(record.get("priority").isIntegralNumber(), "stored cast, not as the string given");
    assertTrue(record.get("number").isNull());
    assertEquals(record.get("inserted_at"), record.get("updated_at"));
    assertEquals(record, assertInstanceOf(CollectionReply.Found.class, tasks.get(record.get("id").asText())).record());
  }

  // --- refused writes ---

  @Test
  void anInvalidCreateIsAnsweredWithTheErrorsAndJournalsNothing() {
    long seq = tasks.seq();
    int published = tasks.topic().delivered.size();

    CollectionReply.Write reply = tasks.create("{\"priority\":9,\"colour\":\"red\"}");

    FieldErrors expected = new FieldErrors.Builder()
        .add("colour", "is not a field of task")
        .add("priority", "must be one of 1, 2, 3")
        .add("title", "can't be blank")
        .build();
    assertEquals(new CollectionReply.Invalid(expected), reply);
    assertEquals(seq, tasks.seq(), "nothing journaled");
    assertEquals(published, tasks.topic().delivered.size(), "nothing published");
  }

  @Test
  void anInvalidUpdateIsAnsweredWithTheErrorsAndLeavesTheRecord() {
    ObjectNode record = tasks.created("{\"title\":\"keep\",\"priority\":1}");
    String id = record.get("id").asText();
    long seq = tasks.seq();

    assertEquals(
        new CollectionReply.Invalid(FieldErrors.of("title", "can't be blank")), tasks.update(id, "{\"title\":null}", false));
    assertEquals(
        new CollectionReply.Invalid(FieldErrors.of("title", "can't be blank")),
        tasks.update(id, "{\"priority\":2}", true),
        "a replace that leaves out a required field");
    assertEquals(
        new CollectionReply.Invalid(FieldErrors.of("priority", "must be an integer")),
        tasks.update(id, "{\"priority\":\"high\"}", false));

    assertEquals(seq, tasks.seq(), "nothing journaled");
    assertEquals(record, assertInstanceOf(CollectionReply.Found.class, tasks.get(id)).record());
  }

  @Test
  void anUpdateOrDeleteOfAnUnknownIdIsNotFound() {
    long seq = tasks.seq();
    assertInstanceOf(CollectionReply.NotFound.class, tasks.update("no-such-id", "{\"title\":\"x\"}", false));
    assertInstanceOf(CollectionReply.NotFound.class, tasks.update("no-such-id", "{\"title\":\"x\"}", true));
    assertInstanceOf(CollectionReply.NotFound.class, tasks.delete("no-such-id"));
    assertInstanceOf(CollectionReply.NotFound.class, tasks.get("no-such-id"));
    assertEquals(seq, tasks.seq());
  }

  @Test
  void aDeletedRecordIsNotFoundAfterwards() {
    String id = tasks.created("{\"title\":\"gone\"}").get("id").asText();
    assertInstanceOf(CollectionReply.Written.class, tasks.delete(id));
    assertInstanceOf(CollectionReply.NotFound.class, tasks.delete(id));
    assertInstanceOf(CollectionReply.NotFound.class, tasks.update(id, "{\"title\":\"back\"}", false));
  }

  // --- the hook ---

  @Test
  void theHooksCompleteSeesTheExistingRecordsAndItsValueIsStored() {
    RunningNumber hook = new RunningNumber();
    Entity numbered = spawn(IdKind.SERIAL, Optional.of(hook));

    assertEquals(1, numbered.created("{\"title\":\"a\"}").get("number").asLong());
    assertEquals(2, numbered.created("{\"title\":\"b\"}").get("number").asLong());
    assertEquals(3, numbered.created("{\"title\":\"c\"}").get("number").asLong());
    assertInstanceOf(CollectionReply.Written.class, numbered.delete("2"));
    ObjectNode fourth = numbered.created("{\"title\":\"d\",\"number\":77}");

    assertEquals(4, fourth.get("number").asLong(), "the highest existing is 3, though only two records remain");
    assertEquals(4, fourth.get("id").asLong(), "the hook does not change the id");
    assertEquals(
        4, assertInstanceOf(CollectionReply.Found.class, numbered.get("4")).record().get("number").asLong(),
        "stored as the hook completed it");
    Change published = numbered.topic().delivered.get(numbered.topic().delivered.size() - 1);
    assertEquals(4, published.after().get("number").asLong(), "and published so");
    assertEquals(4, hook.threads.size(), "complete runs once per create, not for updates or deletes");
    assertTrue(hook.threads.stream().allMatch(thread -> thread.startsWith("collections-")),
        "complete runs on the entity's dispatcher: " + hook.threads);
  }

  @Test
  void theHookIsNotAskedForUpdates() {
    RunningNumber hook = new RunningNumber();
    Entity numbered = spawn(IdKind.SERIAL, Optional.of(hook));
    numbered.created("{\"title\":\"a\"}");
    CollectionReply.Written updated =
        assertInstanceOf(CollectionReply.Written.class, numbered.update("1", "{\"title\":\"b\"}", false));
    assertEquals(1, updated.record().get("number").asLong(), "a merge keeps the completed value");
    assertEquals(1, hook.threads.size());
  }

  // --- import ---

  @Test
  void anImportLoadsRecordsWithTheirIdsIntoANewCollection() {
    Entity seeded = spawn(IdKind.SERIAL, Optional.empty());

    assertEquals(
        new CollectionReply.ImportDone(2),
        seeded.importing("{\"id\":5,\"title\":\"five\"}", "{\"id\":\"2\",\"title\":\"two\",\"priority\":\"3\"}"));

    CollectionReply.Items items = seeded.items();
    assertEquals(List.of("5", "2"), ids(items.items()), "in the order given");
    assertEquals(2, items.seq());
    ObjectNode two = items.items().get(1);
    assertEquals(3, two.get("priority").asLong());
    assertTrue(two.get("number").isNull(), "left-out fields are null");
    assertTrue(two.hasNonNull("inserted_at") && two.hasNonNull("updated_at"));
    assertEquals(6, seeded.created("{\"title\":\"next\"}").get("id").asLong(), "serials go on after the highest id");
  }

  @Test
  void anImportPublishesItsChanges() {
    Entity seeded = spawn(IdKind.UUID, Optional.empty());
    assertEquals(new CollectionReply.ImportDone(1), seeded.importing("{\"id\":\"seed-1\",\"title\":\"a\"}"));
    TestProbe<Void> probe = harness.kit().createTestProbe();
    probe.awaitAssert(EntityHarness.WAIT, () -> {
      assertEquals(List.of(1L), seeded.topic().deliveredSeqs());
      return null;
    });
    assertEquals("seed-1", seeded.topic().delivered.get(0).after().get("id").asText());
  }

  @Test
  void aSecondImportLoadsNothing() {
    Entity seeded = spawn(IdKind.SERIAL, Optional.empty());
    assertEquals(new CollectionReply.ImportDone(1), seeded.importing("{\"id\":1,\"title\":\"a\"}"));

    assertEquals(new CollectionReply.ImportDone(0), seeded.importing("{\"id\":9,\"title\":\"b\"}"));

    assertEquals(List.of("1"), ids(seeded.items().items()));
    assertEquals(1, seeded.seq());
  }

  @Test
  void anImportIntoACollectionThatHadAChangeLoadsNothingEvenWhenItIsEmpty() {
    Entity used = spawn(IdKind.SERIAL, Optional.empty());
    used.created("{\"title\":\"a\"}");
    assertInstanceOf(CollectionReply.Written.class, used.delete("1"));

    assertEquals(new CollectionReply.ImportDone(0), used.importing("{\"id\":1,\"title\":\"a\"}"));
    assertTrue(used.items().items().isEmpty());
  }

  @Test
  void anImportRefusesTwoRecordsWithTheSameId() {
    Entity seeded = spawn(IdKind.SERIAL, Optional.empty());

    CollectionReply.Imported reply = seeded.importing("{\"id\":1,\"title\":\"a\"}", "{\"id\":\"1\",\"title\":\"b\"}");

    assertEquals(
        new CollectionReply.Invalid(FieldErrors.of("[2].id", "is the id of record [1] too")), reply);
    assertEquals(0, seeded.seq(), "nothing journaled");
  }

  @Test
  void anImportRefusesRecordsWithoutAValidIdAndLoadsNone() {
    Entity seeded = spawn(IdKind.SERIAL, Optional.empty());

    CollectionReply.Imported reply = seeded.importing(
        "{\"id\":1,\"title\":\"fine\"}",
        "{\"title\":\"no id\"}",
        "{\"id\":\"x\",\"title\":\"bad id\"}",
        "{\"id\":4}");

    FieldErrors expected = new FieldErrors.Builder()
        .add("[2].id", "must be an integer")
        .add("[3].id", "must be an integer")
        .add("[4].title", "can't be blank")
        .build();
    assertEquals(new CollectionReply.Invalid(expected), reply);
    assertEquals(0, seeded.seq(), "nothing journaled");
    assertEquals(new CollectionReply.ImportDone(1), seeded.importing("{\"id\":1,\"title\":\"fine\"}"),
        "a refused import leaves the collection open to one");
  }

  @Test
  void aUuidCollectionImportsOnlyTextIds() {
    Entity seeded = spawn(IdKind.UUID, Optional.empty());
    assertEquals(
        new CollectionReply.Invalid(FieldErrors.of("[1].id", "must be a string")),
        seeded.importing("{\"id\":5,\"title\":\"a\"}"));
    assertEquals(0, seeded.seq());
  }

  // --- delivery ---

  @Test
  void aWriteTheTopicNeverConfirmsIsAnsweredAfterConfirmWaitAndDeliveredLater() {
    Entity lossy = spawn(IdKind.SERIAL, Optional.empty());
    lossy.topic().lose(Integer.MAX_VALUE);
    TestProbe<CollectionReply.Write> writer = harness.kit().createTestProbe();
    lossy.ref().tell(new CollectionCommand.Create(EntityHarness.object("{\"title\":\"a\"}"), writer.getRef()));

    writer.expectNoMessage(Duration.ofMillis(250));
    CollectionReply.Written written = assertInstanceOf(CollectionReply.Written.class, writer.receiveMessage(Duration.ofSeconds(3)));
    assertFalse(written.delivered(), "answered before the topic confirmed");
    assertEquals(1, written.seq());
    assertEquals(1, written.record().get("id").asLong());
    assertTrue(lossy.topic().delivered.isEmpty());
    assertInstanceOf(CollectionReply.Found.class, lossy.get("1"), "stored all the same");

    lossy.topic().lose(0);

    TestProbe<Void> probe = harness.kit().createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(5), () -> {
      assertEquals(List.of(1L), lossy.topic().deliveredSeqs(), "republished until delivered");
      return null;
    });
    assertEquals("a", lossy.topic().delivered.get(0).after().get("title").asText());
    writer.expectNoMessage(Duration.ofMillis(200));
    CollectionReply.Written next = assertInstanceOf(CollectionReply.Written.class, lossy.create("{\"title\":\"b\"}"));
    assertTrue(next.delivered(), "the topic confirms again");
    assertEquals(List.of(1L, 2L), lossy.topic().deliveredSeqs());
  }
}
