// A rolling restart of a three-node cluster on PostgreSQL while collection writes stream in: each
// node in turn gets SIGTERM, exits, starts again on the same ports and rejoins. One phoenix.js
// client per node follows `collection:ledger`, resuming with `since` after a reconnect.
//
// This is how a deploy replaces every node (SPEC §12): clients on the nodes that stay up must not
// miss a change while another node drains and hands its topics and collections over, clients of
// the restarting node must come back by themselves and catch up through `since`, and in the end
// every client and every node must hold every write that was acknowledged.
//
// Pekko's debug logging is on so that a failure's log excerpt shows where the collection's entity
// and its topic's entity moved, and when each node's region delivered what it had buffered.

import assert from "node:assert/strict";
import { after, test } from "node:test";
import { Socket } from "phoenix";
import WebSocket from "ws";
import { DEBUG_CONFIG, DEBUG_ENV, eventually, logExcerpt, restartMember, startCluster } from "./support/cluster.js";
import { freshPostgres } from "./support/postgres.js";
import { closeAllClients, closeSocket, request, sleep, token, writeConfig } from "./support/server.js";

const COLLECTION = "ledger";
const TOPIC = `collection:${COLLECTION}`;
/** Some 5 writes a second: a few hundred in the whole run, well inside the 1000 retained changes. */
const WRITE_PAUSE_MS = 200;

const configFile = writeConfig(
  "rolling-restart",
  `kanal.collections.${COLLECTION} {
  id = serial
  fields {
    n { type = integer, required = true }
    via { type = string }
  }
}
${DEBUG_CONFIG}`,
);
const staff = () => token({ sub: "till", role: "staff" });

after(closeAllClients);

/**
 * Writes records one after the other, to the members in turn; a write that fails (a node that is
 * down or draining) is tried again on the next member. Keeps the writes answered 201 or 202.
 */
class Publisher {
  constructor(members) {
    this.members = members;
    /** [{id, at, label, status}] */
    this.acked = [];
    /** {label: {status or error code: count}} */
    this.outcomes = Object.fromEntries(members.map((m) => [m.label, {}]));
    this.running = true;
    this.done = this.loop();
  }

  async loop() {
    let turn = 0;
    for (let n = 1; this.running; n++) {
      for (let tries = 0; tries < this.members.length && this.running; tries++) {
        const member = this.members[turn++ % this.members.length];
        if (await this.write(member, n)) break;
      }
      await sleep(WRITE_PAUSE_MS);
    }
  }

  async write(member, n) {
    let outcome;
    try {
      const res = await request(member.node, "POST", `/api/collections/${COLLECTION}/records`, {
        body: { n, via: member.label },
        bearer: staff(),
      });
      outcome = res.status;
      if (res.status === 201 || res.status === 202) {
        this.acked.push({ id: res.json.id, at: Date.now(), label: member.label, status: res.status });
      }
    } catch (e) {
      outcome = e.cause?.code ?? e.name;
    }
    const counts = this.outcomes[member.label];
    counts[outcome] = (counts[outcome] ?? 0) + 1;
    return outcome === 201 || outcome === 202;
  }

  ids() {
    return this.acked.map((a) => a.id);
  }

  /** How `id` was acknowledged, e.g. "201 from B". */
  how(id) {
    const a = this.acked.find((x) => x.id === id);
    return `${a.status} from ${a.label}`;
  }

  async stop() {
    this.running = false;
    await this.done;
  }
}

/**
 * A phoenix.js client of one node that follows `collection:ledger` and reconnects by itself. Its
 * join params are a function, so every rejoin asks for the changes since the last seq it saw.
 */
class Follower {
  constructor(member) {
    this.label = member.label;
    /** Every record id it got, from change events and join replies. */
    this.ids = new Set();
    /** [{seq, kind: "items" | "changes"}], one per ok join reply */
    this.joins = [];
    /** The seqs of the live change events since the last join reply, in arrival order. */
    this.live = [];
    this.lastSeq = null;
    /** Messages phoenix.js dropped as meant for an earlier join of the channel, for a report. */
    this.dropped = 0;
    this.socket = new Socket(member.node.url, {
      transport: WebSocket,
      timeout: 10_000,
      reconnectAfterMs: () => 500,
      rejoinAfterMs: () => 500,
      logger: (_kind, message) => {
        if (message === "dropping outdated message") this.dropped += 1;
      },
    });
    this.socket.connect();
    const channel = this.socket.channel(TOPIC, () => (this.lastSeq === null ? {} : { options: { since: this.lastSeq } }));
    channel.on("change", (change) => {
      this.live.push(change.seq);
      this.take(change);
    });
    this.joined = new Promise((resolve) => {
      channel.join().receive("ok", (reply) => {
        this.joins.push({ seq: reply.seq, kind: reply.changes ? "changes" : "items" });
        this.live = [];
        for (const change of reply.changes ?? []) this.take(change);
        for (const record of reply.items ?? []) this.ids.add(record.id);
        this.lastSeq = Math.max(this.lastSeq ?? reply.seq, reply.seq);
        resolve();
      });
    });
  }

  take({ action, record, seq }) {
    if (action === "create") this.ids.add(record.id);
    this.lastSeq = Math.max(this.lastSeq ?? seq, seq);
  }

  missing(ids) {
    return ids.filter((id) => !this.ids.has(id));
  }

  /** The live seqs since the last join, repeats dropped, must run on from the join's seq without a gap. */
  assertNoGapSinceJoin(phase) {
    const { seq: base } = this.joins.at(-1);
    const seqs = [...new Set(this.live)];
    const due = seqs.map((_, i) => base + 1 + i);
    assert.deepEqual(seqs, due, `${phase}: ${this.label}'s live seqs since its join at seq ${base} have a gap`);
  }

  close() {
    closeSocket(this.socket);
  }
}

test("a rolling restart of every node loses no acknowledged write and no client misses one", { timeout: 180_000 }, async (t) => {
  const env = { ...(await freshPostgres()), ...DEBUG_ENV };
  const members = await startCluster({ tag: "rolling", configFile, env, seedCount: 3 });
  const followers = members.map((m) => new Follower(m));
  let publisher;
  t.after(async () => {
    await publisher?.stop();
    followers.forEach((f) => f.close());
    await Promise.all(members.map((m) => m.node.kill()));
  });
  await Promise.all(followers.map((f) => f.joined));
  publisher = new Publisher(members);
  await eventually(() => publisher.acked.length >= 10, 30_000, "10 acknowledged writes before the first restart");

  const allDelivered = (who, phase) => {
    const ids = publisher.ids();
    return eventually(
      () => who.every((f) => f.missing(ids).length === 0),
      30_000,
      () =>
        `${phase}: every client to hold all ${ids.length} acknowledged records; missing ` +
        who
          .map((f) => {
            const missing = f.missing(ids).map((id) => `${id} (${publisher.how(id)})`);
            return `${f.label} [${missing}] (joins ${JSON.stringify(f.joins)}, ${f.dropped} outdated messages dropped)`;
          })
          .join(", ") +
        `\nlogs:\n${logExcerpt(members)}`,
    );
  };

  for (const [i, member] of members.entries()) {
    const phase = `restart of ${member.label}`;
    const follower = followers[i];
    const others = followers.filter((f) => f !== follower);
    const joinsBefore = new Map(followers.map((f) => [f, f.joins.length]));
    const started = Date.now();

    const exit = await member.node.stop();
    assert.notEqual(exit.killed, true, `${phase}: ${member.label} exited on its own after SIGTERM`);
    const stoppedAt = Date.now();
    await restartMember(member, `r${i + 1}`);
    const readyAt = Date.now();
    await eventually(
      () => follower.joins.length > joinsBefore.get(follower),
      30_000,
      () => `${phase}: ${member.label}'s client to reconnect and rejoin by itself`,
    );
    await eventually(
      () => publisher.acked.filter((a) => a.label === member.label && a.at > readyAt).length >= 3,
      30_000,
      () => `${phase}: writes to the restarted ${member.label} to succeed again: ${JSON.stringify(publisher.outcomes)}`,
    );
    await allDelivered(followers, phase);

    for (const f of others) {
      assert.equal(f.joins.length, joinsBefore.get(f), `${phase}: ${f.label}'s client kept its channel (no rejoin)`);
      f.assertNoGapSinceJoin(phase);
    }
    const rejoins = follower.joins.slice(joinsBefore.get(follower)).map((j) => j.kind);
    t.diagnostic(
      `${phase}: SIGTERM to exit ${stoppedAt - started} ms, start to ready ${readyAt - stoppedAt} ms, ` +
        `phase ${Date.now() - started} ms; ${member.label}'s client rejoined with ${rejoins} replies`,
    );
  }

  await publisher.stop();
  const ids = publisher.ids();
  await allDelivered(followers, "after the last restart");
  for (const m of members) {
    const list = await request(m.node, "GET", `/api/collections/${COLLECTION}/records`, { bearer: staff() });
    assert.equal(list.status, 200, list.text);
    const stored = new Set(list.json.map((r) => r.id));
    assert.deepEqual(ids.filter((id) => !stored.has(id)), [], `acknowledged records missing from GET /records on ${m.label}`);
  }
  t.diagnostic(`${ids.length} writes acknowledged; answers per node: ${JSON.stringify(publisher.outcomes)}`);
});
