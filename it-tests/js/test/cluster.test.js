// Two nodes in one Pekko cluster: pushes and API broadcasts cross nodes.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  Inbox,
  closeAllClients,
  connectSocket,
  freePorts,
  joinOk,
  postBroadcast,
  sleep,
  startNode,
  token,
  unique,
} from "./support/server.js";

let a;
let b;
let chanA;
let chanB;
let inA;
let inB;
let apiA;
let apiB;
const topic = `room:x-${unique("c")}`;
const service = () => token({ sub: "backend", role: "service" });

before(async () => {
  const [portA, clusterA, portB, clusterB] = await freePorts(4);
  const results = await Promise.allSettled([
    startNode({ name: "cluster-a", port: portA, clusterPort: clusterA, seeds: [clusterA] }),
    startNode({ name: "cluster-b", port: portB, clusterPort: clusterB, seeds: [clusterA] }),
  ]);
  a = results[0].value;
  b = results[1].value;
  const failed = results.filter((r) => r.status === "rejected");
  if (failed.length) throw failed[0].reason;

  const sa = await connectSocket(a.url);
  const sb = await connectSocket(b.url);
  chanA = await joinOk(sa, topic);
  chanB = await joinOk(sb, topic);
  inA = new Inbox(chanA, "shout");
  inB = new Inbox(chanB, "shout");
  apiA = new Inbox(chanA, "news");
  apiB = new Inbox(chanB, "news");
});

after(async () => {
  closeAllClients();
  await Promise.all([a?.stop(), b?.stop()]);
});

/**
 * Pushes fresh markers from `from` until `inbox` sees one, for up to `budgetMs`: the cluster and its
 * pub-sub may need a few seconds to settle after both nodes report ready.
 */
async function settle(from, inbox, budgetMs = 15_000) {
  const deadline = Date.now() + budgetMs;
  let tries = 0;
  while (Date.now() < deadline) {
    tries += 1;
    const marker = unique("warmup");
    from.push("shout", { warmup: marker });
    try {
      await inbox.next((p) => p.warmup === marker, 1_000);
      return tries;
    } catch {
      // not yet
    }
  }
  throw new Error(`no cross-node delivery within ${budgetMs} ms (${tries} tries)`);
}

test("the cluster settles: a push crosses from B to A and from A to B", { timeout: 40_000 }, async () => {
  await settle(chanB, inA);
  await settle(chanA, inB);
});

test("a push on node B reaches the client on node A exactly once, and vice versa", { timeout: 20_000 }, async () => {
  const fromB = { marker: unique("b2a"), from: "B", nested: { n: 1 } };
  chanB.push("shout", fromB);
  assert.deepEqual(await inA.next((p) => p.marker === fromB.marker, 5_000), fromB);

  const fromA = { marker: unique("a2b"), from: "A", list: [1, 2, 3] };
  chanA.push("shout", fromA);
  assert.deepEqual(await inB.next((p) => p.marker === fromA.marker, 5_000), fromA);

  await sleep(500);
  assert.equal(inA.matching((p) => p.marker === fromB.marker).length, 1, "B→A delivered once");
  assert.equal(inB.matching((p) => p.marker === fromA.marker).length, 1, "A→B delivered once");
  assert.equal(inA.matching((p) => p.marker === fromA.marker).length, 0, "A does not get its own push");
  assert.equal(inB.matching((p) => p.marker === fromB.marker).length, 0, "B does not get its own push");
});

for (const [name, pick] of [
  ["A", () => a],
  ["B", () => b],
]) {
  test(`POST /api/broadcast to node ${name} reaches clients on both nodes`, { timeout: 20_000 }, async () => {
    const payload = { marker: unique(`api-${name}`), via: name };
    const res = await postBroadcast(pick(), { topic, event: "news", payload }, { bearer: service() });
    assert.equal(res.status, 202, res.text);
    assert.deepEqual(await apiA.next((p) => p.marker === payload.marker, 5_000), payload);
    assert.deepEqual(await apiB.next((p) => p.marker === payload.marker, 5_000), payload);
    await sleep(300);
    assert.equal(apiA.matching((p) => p.marker === payload.marker).length, 1, "once on A");
    assert.equal(apiB.matching((p) => p.marker === payload.marker).length, 1, "once on B");
  });
}
