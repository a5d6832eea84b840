// Losing a node while collection writes stream in: three nodes on one PostgreSQL, writers POSTing
// records to every node, and phoenix.js subscribers of `collection:ledger` on every node. The node
// that hosts the collection's entity is killed (SIGKILL, no handover). The survivors must keep
// every acknowledged write (GET /records on each), every surviving subscriber must get a `change`
// for each of them with no seq gap (duplicates allowed: delivery is at least once), broadcasts to a
// room whose entity lived on the dead node must reach every surviving subscriber once the cluster
// removed the node, and that room's presence must converge to the live presences.
//
// This is the promise of SPEC §12 ("no acknowledged collection change is lost") under the failure
// that tests it hardest: the collection's entity dies between journal writes, its unconfirmed
// changes must be found and published again by its next incarnation on another node.
//
// presence-cluster.test.js covers presence after a node's death exhaustively; here presence gets
// a light check only, on a room whose entity died.

import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  DEBUG_CONFIG,
  DEBUG_ENV,
  FAST_DOWNING,
  entityHost,
  eventually,
  logExcerpt,
  startCluster,
  waitRemoved,
} from "./support/cluster.js";
import { freshPostgres } from "./support/postgres.js";
import { joinWithPresence } from "./support/presence.js";
import {
  Inbox,
  closeAllClients,
  closeSocket,
  connectSocket,
  join,
  postBroadcast,
  request,
  sleep,
  token,
  unique,
  writeConfig,
} from "./support/server.js";

const COLLECTION = "ledger";
const TOPIC = `collection:${COLLECTION}`;
/** Pause between one writer's writes; three writers make some 20 writes a second in all. */
const WRITE_PAUSE_MS = 100;

const configFile = writeConfig(
  "cluster-collections",
  `kanal.collections.${COLLECTION} {
  id = serial
  fields {
    n { type = integer, required = true }
    via { type = string }
  }
}
${FAST_DOWNING}${DEBUG_CONFIG}`,
);
const staff = () => token({ sub: "till", role: "staff" });
const service = () => token({ sub: "backend", role: "service" });

after(closeAllClients);

/** POSTs records to one node, one after the other, and keeps the ones answered 201 or 202. */
class Writer {
  constructor(member) {
    this.member = member;
    /** [{id, at, status}] */
    this.acked = [];
    /** {status or error code: count} of every answer, for the report */
    this.outcomes = {};
    this.running = true;
    this.done = this.loop();
  }

  async loop() {
    for (let n = 1; this.running; n++) {
      let outcome;
      try {
        const res = await request(this.member.node, "POST", `/api/collections/${COLLECTION}/records`, {
          body: { n, via: this.member.label },
          bearer: staff(),
        });
        outcome = res.status;
        if (res.status === 201 || res.status === 202) {
          this.acked.push({ id: res.json.id, at: Date.now(), status: res.status });
        }
      } catch (e) {
        outcome = e.cause?.code ?? e.name;
      }
      this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1;
      await sleep(WRITE_PAUSE_MS);
    }
  }

  ackedSince(time) {
    return this.acked.filter((a) => a.at >= time).length;
  }

  async stop() {
    this.running = false;
    await this.done;
  }
}

/** Joins `collection:ledger` and keeps its join seq and every `change`. */
async function subscribe(socket, label) {
  const joined = await join(socket, TOPIC, {}, 10_000);
  assert.equal(joined.status, "ok", `${label} joins ${TOPIC}: ${JSON.stringify(joined.response)}`);
  return { joinSeq: joined.response.seq, changes: new Inbox(joined.channel, "change") };
}

/** "1-31, 35-40" for the distinct seqs a subscriber received, in arrival order. */
function seqRanges({ changes }) {
  const runs = [];
  for (const seq of new Set(changes.items.map((c) => c.seq))) {
    const last = runs.at(-1);
    if (last && seq === last[1] + 1) last[1] = seq;
    else runs.push([seq, seq]);
  }
  return runs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(", ");
}

/**
 * The seqs a subscriber received, in arrival order with repeats dropped, must run joinSeq+1,
 * joinSeq+2, … without a gap; returns how many repeats there were.
 */
function assertNoGap(subscriber) {
  const seen = new Set();
  let expected = subscriber.joinSeq + 1;
  let repeats = 0;
  for (const { seq } of subscriber.changes.items) {
    if (seen.has(seq)) {
      repeats += 1;
      continue;
    }
    assert.equal(
      seq,
      expected,
      `${subscriber.label}: seq ${seq} arrived where ${expected} was due; received ${seqRanges(subscriber)}`,
    );
    seen.add(seq);
    expected += 1;
  }
  return repeats;
}

/** Finds a room topic whose entity runs on `victim`, joined with presence from every member's socket. */
async function roomOn(victim, members, clients) {
  for (let attempt = 0; attempt < 12; attempt++) {
    const topic = `room:${unique("ccol")}`;
    const views = new Map();
    for (const c of clients) {
      const { channel, view } = await joinWithPresence(c.socket, topic, { presence: { meta: { node: c.label } } }, {
        timeoutMs: 10_000,
        label: `${c.label}@${topic}`,
      });
      views.set(c.label, { view, news: new Inbox(channel, "news") });
    }
    if ((await entityHost(members, topic)) === victim.label) return { topic, views };
  }
  throw new Error(`no room topic's entity landed on ${victim.label} in 12 tries`);
}

test("killing the node that hosts a collection loses no acknowledged write and leaves no gap", { timeout: 170_000 }, async (t) => {
  const env = { ...(await freshPostgres()), ...DEBUG_ENV };
  const members = await startCluster({ tag: "ccol", configFile, env });
  const writers = [];
  t.after(async () => {
    await Promise.all(writers.map((w) => w.stop()));
    closeAllClients();
    await Promise.all(members.map((m) => m.node.kill()));
  });

  // Every node wakes the collections when it starts, so the collection's entity runs somewhere now.
  const collectionHost = await entityHost(members, COLLECTION, "collection");
  const clients = [];
  for (const m of members) {
    const socket = await connectSocket(m.node.url, { token: token({ sub: `user-${m.label}` }), timeoutMs: 10_000 });
    clients.push({ label: m.label, socket, ...(await subscribe(socket, m.label)) });
  }
  const topicHost = await entityHost(members, TOPIC);
  const victim = members.find((m) => m.label === collectionHost);
  const survivors = members.filter((m) => m !== victim);
  const living = clients.filter((c) => c.label !== victim.label);
  const room = await roomOn(victim, members, clients);
  t.diagnostic(
    `collection entity on ${collectionHost}, topic ${TOPIC} on ${topicHost}, ${room.topic} on ${victim.label}: ` +
      `killing ${victim.label}`,
  );

  for (const m of members) writers.push(new Writer(m));
  await eventually(() => writers.every((w) => w.acked.length >= 10), 30_000, "10 acknowledged writes to every node");

  await victim.node.kill();
  closeSocket(clients.find((c) => c.label === victim.label).socket);
  let removedAfter;
  try {
    removedAfter = await waitRemoved(survivors, victim);
  } catch (e) {
    throw new Error(`${e.message}\nlogs:\n${logExcerpt(members)}`);
  }
  const removedAt = Date.now();

  // Each promise below is checked in its own subtest, so that one broken promise does not hide the
  // state of the others.
  await t.test("a broadcast published after the removal reaches every surviving subscriber of the room whose entity died", async () => {
    const news = { marker: unique("after-removal") };
    const sinceRemoval = Date.now() - removedAt;
    const published = await postBroadcast(survivors[0].node, { topic: room.topic, event: "news", payload: news }, {
      bearer: service(),
    });
    assert.equal(published.status, 202, published.text);
    const arrivals = await Promise.all(
      living.map((c) =>
        room.views
          .get(c.label)
          .news.next((p) => p.marker === news.marker, 10_000)
          .then(() => `${c.label} got it`, () => `${c.label} did not`),
      ),
    );
    assert.ok(
      arrivals.every((a) => a.endsWith("got it")),
      `published through ${survivors[0].label} ${sinceRemoval} ms after the removal to ` +
        `${room.topic} (entity was on ${victim.label}): ${arrivals.join(", ")} within 10 s\nlogs:\n${logExcerpt(members)}`,
    );
  });

  await t.test("the room's presence converges to the live subscribers", async () => {
    const live = JSON.stringify(living.map((c) => `user-${c.label}`));
    await Promise.all(
      living.map((c) =>
        room.views.get(c.label).view.until((v) => JSON.stringify(Object.keys(v.snapshot())) === live, 30_000, `keys ${live}`),
      ),
    );
  });

  // The survivors keep taking writes after the removal.
  const survivingWriters = writers.filter((w) => w.member !== victim);
  await eventually(
    () => survivingWriters.every((w) => w.ackedSince(removedAt) >= 10),
    60_000,
    () => `10 acknowledged writes to each survivor after the removal: ${JSON.stringify(survivingWriters.map((w) => w.outcomes))}`,
  );
  await Promise.all(writers.map((w) => w.stop()));

  const acked = writers.flatMap((w) => w.acked.map((a) => a.id));
  const how = new Map(writers.flatMap((w) => w.acked.map((a) => [a.id, `${a.status} from ${w.member.label}`])));
  t.diagnostic(
    `removal ${removedAfter} ms after the kill; ${acked.length} writes acknowledged; answers per node: ` +
      writers.map((w) => `${w.member.label} ${JSON.stringify(w.outcomes)}`).join(", "),
  );

  await t.test("GET /records on every survivor lists every acknowledged record", async () => {
    for (const m of survivors) {
      const list = await request(m.node, "GET", `/api/collections/${COLLECTION}/records`, { bearer: staff() });
      assert.equal(list.status, 200, list.text);
      const stored = new Set(list.json.map((r) => r.id));
      assert.deepEqual(acked.filter((id) => !stored.has(id)), [], `acknowledged records missing from ${m.label}`);
    }
  });

  await t.test("every surviving subscriber gets a create for every acknowledged record, without a seq gap", async (st) => {
    for (const c of living) {
      const missing = () => {
        const created = new Set(c.changes.items.filter((ch) => ch.action === "create").map((ch) => ch.record.id));
        return acked.filter((id) => !created.has(id));
      };
      await eventually(
        () => missing().length === 0,
        30_000,
        () => `${c.label} to get them; missing ${missing().map((id) => `${id} (${how.get(id)})`)}; seqs received ${seqRanges(c)}`,
      ).catch((e) => {
        throw new Error(`${e.message}\nlogs:\n${logExcerpt(members)}`);
      });
      const repeats = assertNoGap(c);
      st.diagnostic(`${c.label}: ${c.changes.items.length} changes from seq ${c.joinSeq + 1}, ${repeats} repeats`);
    }
  });
});
