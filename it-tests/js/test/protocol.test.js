// Protocol-level behaviour, checked frame by frame with a raw WebSocket (V2 arrays, V1 objects).

import assert from "node:assert/strict";
import { test } from "node:test";
import { RawClient, tryUpgrade, unique, useNode } from "./support/server.js";

const served = useNode({ name: "protocol" });

const OK_EMPTY = { status: "ok", response: {} };

async function raw(t, opts) {
  const c = await RawClient.connect(served.node.wsUrl, opts);
  t.after(() => c.close());
  return c;
}

const isEvent = (topic, event) => (f) => Array.isArray(f) && f[2] === topic && f[3] === event;

test("heartbeat gets an ok reply with the same ref", { timeout: 15_000 }, async (t) => {
  const c = await raw(t);
  c.send([null, "5", "phoenix", "heartbeat", {}]);
  const reply = await c.next((f) => Array.isArray(f) && f[2] === "phoenix", 5_000, "heartbeat reply");
  assert.deepEqual(reply, [null, "5", "phoenix", "phx_reply", OK_EMPTY]);
});

test("join of a public room answers [join_ref, ref, topic, phx_reply, ok {}]", { timeout: 15_000 }, async (t) => {
  const c = await raw(t);
  const topic = `room:${unique("join")}`;
  const reply = await c.request(["1", "1", topic, "phx_join", {}]);
  assert.deepEqual(reply, ["1", "1", topic, "phx_reply", OK_EMPTY]);
});

test("duplicate join closes the old channel and delivers broadcasts once", { timeout: 20_000 }, async (t) => {
  const topic = `room:${unique("dup")}`;
  const a = await raw(t);
  const b = await raw(t);

  assert.deepEqual(await a.request(["1", "1", topic, "phx_join", {}]), ["1", "1", topic, "phx_reply", OK_EMPTY]);
  assert.deepEqual(await b.request(["1", "1", topic, "phx_join", {}]), ["1", "1", topic, "phx_reply", OK_EMPTY]);

  // Join again on the same socket with a new join_ref.
  a.send(["2", "2", topic, "phx_join", {}]);
  const close = await a.next(isEvent(topic, "phx_close"), 5_000, "phx_close of the old join");
  assert.deepEqual(close, ["1", "1", topic, "phx_close", {}]);
  const reply = await a.next((f) => Array.isArray(f) && f[1] === "2" && f[3] === "phx_reply", 5_000, "new join reply");
  assert.deepEqual(reply, ["2", "2", topic, "phx_reply", OK_EMPTY]);

  // A broadcast from b must reach a exactly once.
  const marker = unique("m");
  b.send(["1", "3", topic, "shout", { marker }]);
  const got = await a.next(isEvent(topic, "shout"), 5_000, "relayed shout");
  assert.deepEqual(got, [null, null, topic, "shout", { marker }]);
  // A second, later broadcast proves the first had time to arrive twice if it were going to.
  const marker2 = unique("m");
  b.send(["1", "4", topic, "shout", { marker: marker2 }]);
  await a.next((f) => isEvent(topic, "shout")(f) && f[4].marker === marker2, 5_000, "second relayed shout");
  await new Promise((r) => setTimeout(r, 300));
  const shouts = a.matching(isEvent(topic, "shout"));
  assert.deepEqual(shouts, [
    [null, null, topic, "shout", { marker }],
    [null, null, topic, "shout", { marker: marker2 }],
  ]);
  assert.equal(a.matching(isEvent(topic, "phx_close")).length, 1, "exactly one phx_close");
});

test("phx_leave replies ok, then phx_close, and broadcasts stop", { timeout: 20_000 }, async (t) => {
  const topic = `room:${unique("leave")}`;
  const a = await raw(t);
  const b = await raw(t);
  assert.deepEqual(await a.request(["7", "7", topic, "phx_join", {}]), ["7", "7", topic, "phx_reply", OK_EMPTY]);
  assert.deepEqual(await b.request(["1", "1", topic, "phx_join", {}]), ["1", "1", topic, "phx_reply", OK_EMPTY]);

  // Before leaving, a gets b's broadcasts.
  const beforeMarker = unique("before");
  b.send(["1", "2", topic, "shout", { marker: beforeMarker }]);
  assert.deepEqual(await a.next(isEvent(topic, "shout")), [null, null, topic, "shout", { marker: beforeMarker }]);

  a.send(["7", "8", topic, "phx_leave", {}]);
  const reply = await a.next((f) => Array.isArray(f) && f[1] === "8", 5_000, "leave reply");
  assert.deepEqual(reply, ["7", "8", topic, "phx_reply", OK_EMPTY]);
  const close = await a.next(isEvent(topic, "phx_close"), 5_000, "phx_close after leave");
  assert.deepEqual(close, ["7", "7", topic, "phx_close", {}]);
  assert.ok(
    a.frames.indexOf(reply) < a.frames.indexOf(close),
    `the leave reply comes before phx_close; frames: ${JSON.stringify(a.frames)}`,
  );

  // After leaving, b's broadcasts no longer reach a; a third socket proves they were sent.
  const c = await raw(t);
  assert.deepEqual(await c.request(["1", "1", topic, "phx_join", {}]), ["1", "1", topic, "phx_reply", OK_EMPTY]);
  const afterMarker = unique("after");
  b.send(["1", "3", topic, "shout", { marker: afterMarker }]);
  assert.deepEqual(await c.next(isEvent(topic, "shout")), [null, null, topic, "shout", { marker: afterMarker }]);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(
    a.matching(isEvent(topic, "shout")).map((f) => f[4].marker),
    [beforeMarker],
    "no broadcast after leave",
  );
});

test("a push to a topic not joined gets {reason: unmatched topic} and the socket stays usable", { timeout: 15_000 }, async (t) => {
  const c = await raw(t);
  const topic = `room:${unique("nj")}`;
  const reply = await c.request(["3", "9", topic, "shout", { a: 1 }]);
  // As Phoenix's encode_ignore does, the reply carries no join_ref: the socket has no such channel.
  assert.deepEqual(reply, [null, "9", topic, "phx_reply", { status: "error", response: { reason: "unmatched topic" } }]);

  // Still usable: heartbeat and a join work.
  c.send([null, "10", "phoenix", "heartbeat", {}]);
  assert.deepEqual(
    await c.next((f) => Array.isArray(f) && f[2] === "phoenix"),
    [null, "10", "phoenix", "phx_reply", OK_EMPTY],
  );
  assert.deepEqual(await c.request(["11", "11", topic, "phx_join", {}]), ["11", "11", topic, "phx_reply", OK_EMPTY]);
  assert.equal(c.closed, false);
});

test("a push of an unknown phx_ event on a joined topic gets an error reply", { timeout: 15_000 }, async (t) => {
  const c = await raw(t);
  const other = await raw(t);
  const topic = `room:${unique("phx")}`;
  assert.deepEqual(await c.request(["1", "1", topic, "phx_join", {}]), ["1", "1", topic, "phx_reply", OK_EMPTY]);
  assert.deepEqual(await other.request(["1", "1", topic, "phx_join", {}]), ["1", "1", topic, "phx_reply", OK_EMPTY]);

  const reply = await c.request(["1", "2", topic, "phx_bogus", { a: 1 }]);
  assert.equal(reply.length, 5);
  assert.deepEqual(reply.slice(0, 4), ["1", "2", topic, "phx_reply"]);
  assert.equal(reply[4].status, "error", JSON.stringify(reply));
  assert.equal(typeof reply[4].response?.reason, "string", JSON.stringify(reply));
  assert.ok(reply[4].response.reason.length > 0, JSON.stringify(reply));

  // It was not relayed, and the channel still works.
  const marker = unique("m");
  c.send(["1", "3", topic, "shout", { marker }]);
  assert.deepEqual(await other.next(isEvent(topic, "shout")), [null, null, topic, "shout", { marker }]);
  assert.deepEqual(other.matching((f) => Array.isArray(f) && f[3] === "phx_bogus"), []);
});

test("V1 (vsn=1.0.0) object frames round trip with no join_ref going out", { timeout: 20_000 }, async (t) => {
  const topic = `room:${unique("v1")}`;
  const v1 = await raw(t, { vsn: "1.0.0" });
  const v2 = await raw(t);
  const isV1 = (event) => (f) => !Array.isArray(f) && f.topic === topic && f.event === event;

  // Heartbeat.
  v1.send({ topic: "phoenix", event: "heartbeat", payload: {}, ref: "1" });
  const hb = await v1.next((f) => f.topic === "phoenix", 5_000, "V1 heartbeat reply");
  assert.deepEqual(hb, { topic: "phoenix", event: "phx_reply", payload: OK_EMPTY, ref: "1" });

  // Join, without join_ref as a V1 client sends it, and with self broadcast.
  v1.send({ topic, event: "phx_join", payload: { config: { broadcast: { self: true } } }, ref: "2" });
  const joined = await v1.next(isV1("phx_reply"), 5_000, "V1 join reply");
  assert.deepEqual(joined, { topic, event: "phx_reply", payload: OK_EMPTY, ref: "2" });
  assert.equal(Object.hasOwn(joined, "join_ref"), false, "no join_ref key in a V1 frame");

  assert.deepEqual(await v2.request(["1", "1", topic, "phx_join", {}]), ["1", "1", topic, "phx_reply", OK_EMPTY]);

  // V1 push: relayed to the V2 socket as an array, and to itself (self) as an object.
  v1.send({ topic, event: "shout", payload: { from: "v1" }, ref: "3" });
  assert.deepEqual(await v2.next(isEvent(topic, "shout")), [null, null, topic, "shout", { from: "v1" }]);
  const own = await v1.next((f) => isV1("shout")(f) && f.payload.from === "v1", 5_000, "V1 self broadcast");
  assert.deepEqual(own, { topic, event: "shout", payload: { from: "v1" }, ref: null });

  // V2 push: reaches the V1 socket as an object.
  v2.send(["1", "2", topic, "shout", { from: "v2" }]);
  const fromV2 = await v1.next((f) => isV1("shout")(f) && f.payload.from === "v2", 5_000, "V2 shout on V1");
  assert.deepEqual(fromV2, { topic, event: "shout", payload: { from: "v2" }, ref: null });

  // V1 push to a topic not joined: object error reply.
  const nj = `room:${unique("v1nj")}`;
  v1.send({ topic: nj, event: "shout", payload: {}, ref: "4" });
  const err = await v1.next((f) => f.topic === nj, 5_000, "V1 unmatched reply");
  assert.deepEqual(err, {
    topic: nj,
    event: "phx_reply",
    payload: { status: "error", response: { reason: "unmatched topic" } },
    ref: "4",
  });

  for (const f of v1.frames) {
    assert.equal(Array.isArray(f), false, `V1 frames are objects: ${JSON.stringify(f)}`);
    assert.deepEqual(Object.keys(f).sort(), ["event", "payload", "ref", "topic"], JSON.stringify(f));
  }
});

test("a protocol version Phoenix does not speak is refused at the upgrade with HTTP 403", { timeout: 15_000 }, async () => {
  for (const vsn of ["3.0.0", "2.1.0", "x"]) {
    const r = await tryUpgrade(`${served.node.wsUrl}?vsn=${vsn}`);
    assert.equal(r.opened, false, `vsn=${vsn} must not open`);
    assert.equal(r.statusCode, 403, `vsn=${vsn}`);
  }
});
