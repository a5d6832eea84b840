// A node cut off from the cluster: C is frozen with SIGSTOP, so that A and B see it unreachable
// while its process and sockets stay open, as behind a network partition. The majority must down
// and remove C and keep serving, also topics whose entity lived on C; when C runs again it must find
// itself downed, close its clients' sockets (so they reconnect to a node of the cluster) and exit.
//
// This is the split-brain resolver's promise (SPEC §12): the minority side never goes on serving
// clients a cluster that has left it, and the majority does not wait for it.

import assert from "node:assert/strict";
import fs from "node:fs";
import { after, test } from "node:test";
import {
  DEBUG_CONFIG,
  DEBUG_ENV,
  FAST_DOWNING,
  addressOf,
  entityHost,
  eventually,
  logExcerpt,
  readiness,
  startCluster,
  waitRemoved,
} from "./support/cluster.js";
import { RawClient, closeAllClients, postBroadcast, token, unique, writeConfig } from "./support/server.js";

const configFile = writeConfig("partition", FAST_DOWNING + DEBUG_CONFIG);
const service = () => token({ sub: "backend", role: "service" });
/** Raw clients heartbeat this often, so that no socket is closed for silence during the test. */
const HEARTBEAT_MS = 5_000;

after(closeAllClients);

/** A raw V2 client of `member` that heartbeats and remembers how its socket closed. */
async function rawClient(member) {
  const client = await RawClient.connect(member.node.wsUrl, { timeoutMs: 10_000 });
  let ref = 0;
  const heartbeat = setInterval(() => client.send([null, `hb${++ref}`, "phoenix", "heartbeat", {}]), HEARTBEAT_MS);
  const entry = { label: member.label, client, closed: null, joinRef: 0 };
  client.ws.on("close", (code, reason) => {
    clearInterval(heartbeat);
    entry.closed = { at: Date.now(), code, reason: reason.toString() };
  });
  return entry;
}

/** Joins `topic` on every client and returns its label once every join is answered ok. */
async function joinAll(clients, topic) {
  for (const c of clients) {
    c.joinRef += 1;
    const [, , , , reply] = await c.client.request([`${c.joinRef}`, `j${c.joinRef}`, topic, "phx_join", {}], 10_000);
    assert.equal(reply.status, "ok", `${c.label} joins ${topic}: ${JSON.stringify(reply)}`);
  }
}

/** Rooms joined by every client until one's entity runs on `cut` and one's elsewhere: [{topic, host}]. */
async function roomsAcross(members, clients, cut) {
  const rooms = [];
  for (let i = 0; i < 12; i++) {
    const topic = `room:${unique("part")}`;
    await joinAll(clients, topic);
    rooms.push({ topic, host: await entityHost(members, topic) });
    const onCut = rooms.some((r) => r.host === cut.label);
    if (onCut && rooms.some((r) => r.host !== cut.label)) return rooms;
  }
  throw new Error(`no room's entity landed on ${cut.label} beside one elsewhere in 12 tries: ${JSON.stringify(rooms)}`);
}

/** POSTs a `news` broadcast to `topic` through `via` and resolves once each of `clients` got it. */
async function broadcastReaches(via, topic, clients, timeoutMs) {
  const payload = { marker: unique("news") };
  const res = await postBroadcast(via.node, { topic, event: "news", payload }, { bearer: service() });
  assert.equal(res.status, 202, res.text);
  const isIt = (f) => Array.isArray(f) && f[2] === topic && f[3] === "news" && f[4]?.marker === payload.marker;
  const got = await Promise.all(
    clients.map((c) => c.client.next(isIt, timeoutMs, `news on ${topic}`).then(() => null, () => c.label)),
  );
  return got.filter(Boolean);
}

/** Whether the process `pid` still exists. */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("a frozen node is downed by the majority, which keeps serving; thawed, it closes its sockets and exits", { timeout: 170_000 }, async (t) => {
  const members = await startCluster({ tag: "partition", configFile, env: DEBUG_ENV });
  const [a, b, c] = members;
  t.after(async () => {
    if (alive(c.node.pid)) process.kill(c.node.pid, "SIGCONT");
    await Promise.all(members.map((m) => m.node.kill()));
  });
  const clients = [];
  for (const m of members) clients.push(await rawClient(m));
  const majority = clients.filter((x) => x.label !== c.label);
  const onC = clients.find((x) => x.label === c.label);

  const rooms = await roomsAcross(members, clients, c);
  for (const { topic } of rooms) {
    assert.deepEqual(await broadcastReaches(a, topic, clients, 10_000), [], `before the cut, news on ${topic} missed these`);
  }
  t.diagnostic(`rooms: ${rooms.map((r) => `${r.topic}@${r.host}`).join(" ")}`);

  process.kill(c.node.pid, "SIGSTOP");
  const stoppedAt = Date.now();
  let removedAfter;
  let health;
  // Each promise is checked in its own subtest, so that one broken promise does not hide the others.
  await t.test("the majority downs and removes the frozen node", async () => {
    try {
      await waitRemoved([a, b], c);
    } catch (e) {
      throw new Error(`${e.message}\nlogs:\n${logExcerpt(members)}`);
    }
    removedAfter = Date.now() - stoppedAt;
    const downing = `SBR took decision DownUnreachable and is downing [${addressOf(c)}]`;
    assert.ok(
      [a, b].some((m) => fs.readFileSync(m.node.logFile, "utf8").includes(downing)),
      `A or B logged "${downing}"`,
    );
    health = await readiness(a.node);
    assert.equal(health.status, 200, `A stays ready: ${JSON.stringify(health)}`);
  });

  await t.test("news published through A after the removal reaches the clients on A and B, on every room", async () => {
    const misses = [];
    for (const { topic, host } of rooms) {
      const missed = await broadcastReaches(a, topic, majority, 10_000);
      if (missed.length) misses.push(`${topic} (entity was on ${host}) missed [${missed}]`);
    }
    assert.deepEqual(misses, [], `news published ${Date.now() - stoppedAt} ms after SIGSTOP\nlogs:\n${logExcerpt(members)}`);
  });
  const frozenFor = Date.now() - stoppedAt;

  process.kill(c.node.pid, "SIGCONT");
  const thawedAt = Date.now();
  await t.test("thawed, the downed node closes its clients' sockets and exits", async () => {
    const report = () =>
      `C's client ${JSON.stringify(onC.closed)}, C's process ${alive(c.node.pid) ? "running" : "gone"}\n` +
      `logs:\n${logExcerpt([c])}`;
    await eventually(() => onC.closed, 30_000, () => `C to close its client's socket; ${report()}`);
    const closedAfter = onC.closed.at - thawedAt;
    await eventually(() => !alive(c.node.pid), 30_000, () => `C to exit; ${report()}`);
    const exitedAfter = Date.now() - thawedAt;
    const exit = await c.node.stop();
    assert.equal(exit.signal, null, `C exited on its own, not by a signal: ${JSON.stringify(exit)}`);
    assert.ok(
      fs.readFileSync(c.node.logFile, "utf8").includes("Shutting down: refusing new sockets"),
      `C ran Kanal's drain on its way out; ${report()}`,
    );
    assert.deepEqual(
      majority.filter((x) => x.closed).map((x) => x.label),
      [],
      "the clients on A and B keep their sockets",
    );
    t.diagnostic(
      `C removed ${removedAfter} ms after SIGSTOP (A's /health/ready ${JSON.stringify(health?.body)}), frozen ${frozenFor} ms; ` +
        `after SIGCONT its client's socket closed in ${closedAfter} ms (code ${onC.closed.code}), ` +
        `the process exited in ${exitedAfter} ms with code ${exit.code}`,
    );
  });
});
