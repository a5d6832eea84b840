// The Supabase Realtime dialect on /realtime/v1: the official @supabase/realtime-js client (V1 and V2
// serializers) for broadcast, presence, private channels and tokens, raw frames for the byte layouts,
// the REST broadcast endpoints, and phoenix.js on /socket sharing realtime:* topics.

import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { RealtimeClient } from "@supabase/realtime-js";
import WebSocket from "ws";
import {
  Inbox,
  RawClient,
  joinOk,
  metric,
  request,
  sleep,
  token,
  tryUpgrade,
  unique,
  useNode,
  withTimeout,
  writeConfig,
} from "./support/server.js";

// realtime:members-* needs a token with role "authenticated" (Supabase's signed-in users); every
// other realtime:* topic is public. Both have presence, as Supabase channels always do.
const served = useNode({
  name: "supabase",
  configFile: writeConfig(
    "supabase",
    `kanal.channels = [
  { pattern = "realtime:members-*", kind = realtime, join = "role:authenticated", presence = true }
  { pattern = "realtime:*", kind = realtime, join = public, presence = true }
]
`,
  ),
});

const now = () => Math.floor(Date.now() / 1000);
/** Like Supabase's anon key: a valid token of role anon, no sub. */
const anonKey = () => token({ role: "anon" });
/** A signed-in user's token. */
const userKey = (sub = "u1") => token({ sub, role: "authenticated" });
/** A role in kanal.auth.broadcast-roles, for REST broadcasts. */
const serviceKey = () => token({ sub: "backend", role: "service" });
const forgedKey = () => token({ sub: "u1", role: "service" }, "some-other-secret-0123456789abcdef");
/** exp `secondsAgo` in the past: inside the server's 5 s leeway, so it connects and runs out soon after. */
const expiringKey = (secondsAgo) => token({ sub: "u1", role: "authenticated", exp: now() - secondsAgo });

// ---------------------------------------------------------------------------------------------
// Helpers

const show = (items) => {
  const text = JSON.stringify(items, (_k, v) =>
    v instanceof ArrayBuffer ? `<ArrayBuffer ${v.byteLength}>` : v instanceof Error ? v.message : v,
  );
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
};

/** Everything one source produced, with bounded waits for an item matching a predicate. */
class Recorder {
  constructor(what) {
    this.what = what;
    this.items = [];
    this.waiters = new Set();
  }

  add(item) {
    this.items.push(item);
    for (const w of [...this.waiters]) w();
  }

  matching(pred = () => true) {
    return this.items.filter(pred);
  }

  next(pred = () => true, timeoutMs = 5_000, what = this.what) {
    const found = this.items.find(pred);
    if (found !== undefined) return Promise.resolve(found);
    let waiter;
    const p = new Promise((resolve) => {
      waiter = () => {
        const hit = this.items.find(pred);
        if (hit !== undefined) resolve(hit);
      };
      this.waiters.add(waiter);
    });
    return withTimeout(p, timeoutMs, () => `${what}; got: ${show(this.items)}`).finally(() =>
      this.waiters.delete(waiter),
    );
  }
}

/** Polls `check` every 50 ms until it holds. */
async function until(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
    await sleep(50);
  }
}

const rtClients = new Set();

/**
 * A realtime-js client on the node, closed when test `t` ends. `frames` records every decoded frame
 * it receives, `errors` its socket errors.
 */
function rt(t, { apikey = anonKey(), vsn = "2.0.0" } = {}) {
  const logs = [];
  const client = new RealtimeClient(served.node.realtimeUrl, {
    transport: WebSocket, // Node 20 has no global WebSocket
    params: { apikey },
    vsn,
    timeout: 5_000,
    heartbeatIntervalMs: 30_000,
    // A lost connection or a refused join is a failure here, not something to retry.
    reconnectAfterMs: () => 600_000,
    disconnectOnEmptyChannelsAfterMs: 600_000,
    logger: (kind, msg) => {
      if (logs.length < 200) logs.push(`${kind}: ${msg}`);
    },
  });
  // phoenix copies this into each channel's rejoin timer when the channel is created.
  client.socketAdapter.getSocket().rejoinAfterMs = () => 600_000;
  const h = {
    client,
    vsn,
    logs,
    frames: new Recorder(`frames (${vsn})`),
    errors: new Recorder("socket errors"),
  };
  client.socketAdapter.onMessage((msg) => h.frames.add(msg));
  client.socketAdapter.onError((err) => h.errors.add(err));
  rtClients.add(h);
  t.after(() => closeRt(h));
  return h;
}

/** Drops a client's socket at once (no leave, no reconnect, no lingering timers). */
function closeRt(h) {
  rtClients.delete(h);
  try {
    h.client._cancelPendingDisconnect();
    for (const ch of h.client.getChannels()) ch.rejoinTimer?.reset();
    h.client.socketAdapter.getSocket().disconnect();
  } catch {
    // already closed
  }
}

after(() => {
  for (const h of [...rtClients]) closeRt(h);
});

/**
 * Creates channel `name` on client `h`, records what it gets, and subscribes. `presence: true` adds
 * a presence listener (which makes realtime-js send config.presence.enabled = true).
 */
function open(h, name, { config = {}, presence = false } = {}) {
  const channel = h.client.channel(name, { config });
  const m = {
    h,
    name,
    topic: `realtime:${name}`,
    channel,
    statuses: new Recorder(`subscribe statuses of ${name}`),
    broadcasts: new Recorder(`broadcasts on ${name}`),
    presence: new Recorder(`presence events on ${name}`),
    system: new Recorder(`system messages on ${name}`),
  };
  channel.on("broadcast", { event: "*" }, (msg) => m.broadcasts.add(msg));
  channel.on("system", {}, (msg) => m.system.add(msg));
  if (presence) channel.on("presence", { event: "*" }, (p) => m.presence.add(p));
  channel.subscribe((status, err) => m.statuses.add({ status, err }));
  return m;
}

/** Waits for the first subscribe status and requires SUBSCRIBED. */
async function joined(m) {
  const first = await m.statuses.next(() => true, 7_000, `first subscribe status of ${m.name}`);
  assert.equal(first.status, "SUBSCRIBED", `subscribe ${m.name}: ${first.status} ${first.err?.message ?? ""}`);
  return m;
}

/** Waits for the first subscribe status and requires CHANNEL_ERROR; returns the error. */
async function refused(m) {
  const first = await m.statuses.next(() => true, 7_000, `first subscribe status of ${m.name}`);
  assert.equal(first.status, "CHANNEL_ERROR", `subscribe ${m.name} should fail, got ${first.status}`);
  return first.err;
}

const byMarker = (marker) => (b) => b.payload?.marker === marker;

/** Sends a broadcast from realtime-js and requires "ok". */
async function shout(m, event, payload) {
  assert.equal(await m.channel.send({ type: "broadcast", event, payload }, { timeout: 3_000 }), "ok");
}

const realtimeWs = (query) => `${served.node.realtimeUrl}/websocket?${new URLSearchParams(query)}`;

/** realtime-js' own join payload (what 2.119.2 sends for a channel without listeners). */
const jsJoinPayload = (overrides = {}) => ({
  config: {
    broadcast: { ack: false, self: false },
    presence: { key: "", enabled: false },
    postgres_changes: [],
    private: false,
    ...overrides,
  },
});

/** A kind-3 user broadcast push as realtime-js' V2 serializer writes it (JSON encoding). */
function kind3(joinRef, ref, topic, event, payload) {
  const parts = [joinRef, ref, topic, event, ""].map((s) => Buffer.from(s, "utf8"));
  const header = Buffer.from([3, ...parts.map((p) => p.length), 1]);
  return Buffer.concat([header, ...parts, Buffer.from(JSON.stringify(payload), "utf8")]);
}

/** Parses a kind-4 user broadcast as realtime-js' V2 serializer reads it. */
function parseKind4(buf) {
  assert.equal(buf[0], 4, `kind 4 expected, got ${buf[0]}`);
  const [topicLen, eventLen, metaLen, encoding] = [buf[1], buf[2], buf[3], buf[4]];
  let o = 5;
  const topic = buf.subarray(o, (o += topicLen)).toString("utf8");
  const event = buf.subarray(o, (o += eventLen)).toString("utf8");
  const meta = buf.subarray(o, (o += metaLen)).toString("utf8");
  return { topic, event, meta, encoding, payload: buf.subarray(o) };
}

// ---------------------------------------------------------------------------------------------

describe("connecting", () => {
  test("upgrade: a valid apikey or access_token opens the socket (vsn 1 and 2); a forged, expired or malformed one gets HTTP 403", { timeout: 20_000 }, async () => {
    for (const query of [
      { apikey: userKey(), vsn: "2.0.0" },
      { apikey: anonKey(), vsn: "1.0.0" },
      { access_token: userKey(), vsn: "2.0.0" },
    ]) {
      const r = await tryUpgrade(realtimeWs(query));
      assert.equal(r.opened, true, `${Object.keys(query)[0]} vsn ${query.vsn}: refused with ${r.statusCode} ${r.body}`);
    }
    const [h, , sig] = userKey().split(".");
    const tampered = `${h}.${Buffer.from(JSON.stringify({ sub: "u1", role: "service", exp: now() + 3600 })).toString("base64url")}.${sig}`;
    for (const [what, query] of Object.entries({
      "forged apikey": { apikey: forgedKey() },
      "expired apikey": { apikey: token({ sub: "u1", role: "anon", iat: now() - 7200, exp: now() - 3600 }) },
      "malformed apikey": { apikey: "not-a-jwt" },
      "tampered apikey": { apikey: tampered },
      "forged access_token": { access_token: forgedKey() },
    })) {
      const r = await tryUpgrade(realtimeWs({ ...query, vsn: "2.0.0" }));
      assert.equal(r.opened, false, `${what}: the WebSocket must not open`);
      assert.equal(r.statusCode, 403, `${what}: ${r.body}`);
    }
  });

  test("realtime-js with a forged apikey never connects: its socket reports the 403 and the channel errors", { timeout: 15_000 }, async (t) => {
    const h = rt(t, { apikey: forgedKey() });
    const m = open(h, unique("forged"));
    const err = await h.errors.next(() => true, 5_000, "a socket error");
    assert.match(String(err?.message ?? err?.error?.message ?? err), /403/);
    await refused(m);
    assert.equal(h.client.isConnected(), false);
  });

  test("raw V2 frames: heartbeat is answered, realtime-js' join gets {postgres_changes: []}, a kind-3 push reaches the other member as kind 4", { timeout: 15_000 }, async (t) => {
    const url = `${served.node.realtimeUrl}/websocket`;
    const a = await RawClient.connect(url, { params: { apikey: anonKey() } });
    t.after(() => a.close());
    const b = await RawClient.connect(url, { params: { apikey: anonKey() } });
    t.after(() => b.close());
    const topic = `realtime:${unique("raw")}`;

    assert.deepEqual(await a.request([null, "hb1", "phoenix", "heartbeat", {}]), [
      null,
      "hb1",
      "phoenix",
      "phx_reply",
      { status: "ok", response: {} },
    ]);
    for (const c of [a, b]) {
      assert.deepEqual(await c.request(["1", "1", topic, "phx_join", jsJoinPayload()]), [
        "1",
        "1",
        topic,
        "phx_reply",
        { status: "ok", response: { postgres_changes: [] } },
      ]);
    }

    // multi-byte characters: every length in the header is a byte count
    const payload = { marker: unique("k3"), text: "grüße ✓" };
    a.ws.send(kind3("1", "2", topic, "grüß", payload));
    const frame = await b.next((f) => f.binary !== undefined, 5_000, "a binary frame");
    const got = parseKind4(frame.binary);
    assert.equal(got.topic, topic);
    assert.equal(got.event, "grüß");
    assert.equal(got.encoding, 1, "JSON encoding");
    assert.deepEqual(JSON.parse(got.payload.toString("utf8")), payload);
    await sleep(300);
    assert.deepEqual(a.matching((f) => f.binary !== undefined), [], "self is off: the sender gets nothing back");
  });

  for (const vsn of ["2.0.0", "1.0.0"]) {
    test(`realtime-js ${vsn}: subscribe sends realtime-js' config, the reply is {postgres_changes: []} and the status SUBSCRIBED`, { timeout: 15_000 }, async (t) => {
      const h = rt(t, { vsn });
      const m = await joined(open(h, unique("sub")));
      const joinRef = m.channel.joinPush.ref;
      const reply = h.frames.matching((f) => f.event === "phx_reply" && f.topic === m.topic && f.ref === joinRef);
      assert.equal(reply.length, 1, show(h.frames.items));
      assert.deepEqual(reply[0].payload, { status: "ok", response: { postgres_changes: [] } });
      assert.equal(m.channel.state, "joined");
    });
  }

  test("a join with postgres_changes bindings is refused with a reason naming postgres_changes; the socket stays usable", { timeout: 15_000 }, async (t) => {
    const h = rt(t);
    const name = unique("pg");
    const channel = h.client.channel(name);
    const statuses = new Recorder("subscribe statuses");
    channel
      .on("postgres_changes", { event: "*", schema: "public", table: "todos" }, () => {})
      .subscribe((status, err) => statuses.add({ status, err }));
    const first = await statuses.next(() => true, 7_000);
    assert.equal(first.status, "CHANNEL_ERROR", `got ${first.status}`);
    assert.match(first.err?.message ?? "", /postgres_changes/i);

    await joined(open(h, unique("after-pg")));
    assert.equal(h.client.isConnected(), true);
  });
});

describe("broadcast", () => {
  test("self false (the default): the others receive {type, event, payload}, the sender does not", { timeout: 15_000 }, async (t) => {
    const name = unique("self0");
    const a = await joined(open(rt(t), name));
    const b = await joined(open(rt(t), name));
    const c = await joined(open(rt(t), name));
    const payload = { marker: unique("m"), text: "héllo ✓", n: 42, list: [1, { a: null }], flag: false };
    await shout(a, "shout", payload);
    for (const other of [b, c]) {
      const got = await other.broadcasts.next(byMarker(payload.marker));
      assert.equal(got.type, "broadcast");
      assert.equal(got.event, "shout");
      assert.deepEqual(got.payload, payload);
    }
    await sleep(300);
    assert.deepEqual(a.broadcasts.items, [], "the sender does not hear itself");
    assert.equal(b.broadcasts.items.length, 1, "delivered once");
    assert.equal(c.broadcasts.items.length, 1, "delivered once");
  });

  test("self true hears its own broadcast; ack true makes send() wait for the server's ok", { timeout: 15_000 }, async (t) => {
    const name = unique("self1");
    const a = await joined(open(rt(t), name, { config: { broadcast: { self: true, ack: true } } }));
    const b = await joined(open(rt(t), name));
    const marker = unique("m");
    await shout(a, "shout", { marker });
    assert.deepEqual((await a.broadcasts.next(byMarker(marker))).payload, { marker });
    assert.deepEqual((await b.broadcasts.next(byMarker(marker))).payload, { marker });
    // the ack was a phx_reply ok to the push, not the join
    const acks = a.h.frames.matching(
      (f) => f.event === "phx_reply" && f.topic === a.topic && f.ref !== a.channel.joinPush.ref,
    );
    assert.deepEqual(acks.map((f) => f.payload.status), ["ok"]);
    await sleep(300);
    assert.equal(a.broadcasts.items.length, 1, "the sender hears itself once");
    assert.equal(b.broadcasts.items.length, 1);
  });

  test("an ArrayBuffer payload round-trips byte for byte between V2 clients", { timeout: 15_000 }, async (t) => {
    const name = unique("bin");
    const a = await joined(open(rt(t), name, { config: { broadcast: { self: true } } }));
    const b = await joined(open(rt(t), name));
    const bytes = Uint8Array.from([0, 1, 2, 0x7b, 0x22, 127, 128, 200, 254, 255, 0]);
    await shout(a, "blob", bytes.buffer.slice(0));
    for (const m of [b, a]) {
      const got = await m.broadcasts.next((x) => x.event === "blob");
      assert.equal(Object.prototype.toString.call(got.payload), "[object ArrayBuffer]", `${show(got)}`);
      assert.deepEqual([...new Uint8Array(got.payload)], [...bytes]);
    }
  });

  test("a V1 (JSON objects) and a V2 client on one topic receive each other's broadcasts", { timeout: 15_000 }, async (t) => {
    const name = unique("v1v2");
    const v1 = await joined(open(rt(t, { vsn: "1.0.0" }), name));
    const v2 = await joined(open(rt(t), name));
    const m1 = { marker: unique("from-v1"), text: "ü" };
    await shout(v1, "note", m1);
    const got2 = await v2.broadcasts.next(byMarker(m1.marker));
    assert.equal(got2.event, "note");
    assert.deepEqual(got2.payload, m1);
    const m2 = { marker: unique("from-v2"), nested: { a: [1, 2] } };
    await shout(v2, "note", m2);
    const got1 = await v1.broadcasts.next(byMarker(m2.marker));
    assert.equal(got1.type, "broadcast");
    assert.equal(got1.event, "note");
    assert.deepEqual(got1.payload, m2);
  });

  test("a phoenix.js client on /socket and a realtime-js client share realtime:<name>: 'shout' goes both ways", { timeout: 15_000 }, async (t) => {
    const name = unique("px");
    const s = await served.sock(t);
    const pch = await joinOk(s, `realtime:${name}`);
    const shouts = new Inbox(pch, "shout");
    const m = await joined(open(rt(t), name));

    const fromPhoenix = { marker: unique("p"), who: "phoenix" };
    pch.push("shout", fromPhoenix);
    const got = await m.broadcasts.next(byMarker(fromPhoenix.marker));
    assert.equal(got.type, "broadcast");
    assert.equal(got.event, "shout");
    assert.deepEqual(got.payload, fromPhoenix);

    const fromJs = { marker: unique("s"), who: "realtime-js" };
    await shout(m, "shout", fromJs);
    assert.deepEqual(await shouts.next((p) => p.marker === fromJs.marker), fromJs);
  });

  test("unsubscribe: answered ok, the channel closes, its presence leaves, and the server stops sending to it", { timeout: 20_000 }, async (t) => {
    const name = unique("unsub");
    const a = await joined(open(rt(t), name, { presence: true, config: { presence: { key: "a" } } }));
    const b = await joined(open(rt(t), name, { presence: true, config: { presence: { key: "b" } } }));
    const c = await joined(open(rt(t), name));
    assert.equal(await b.channel.track({ here: true }), "ok");
    await a.presence.next((p) => p.event === "join" && p.key === "b");

    assert.equal(await b.channel.unsubscribe(), "ok", "phx_leave answered ok");
    assert.equal(b.channel.state, "closed");
    await a.presence.next((p) => p.event === "leave" && p.key === "b", 5_000, "b's leave");

    const marker = unique("after");
    await shout(a, "shout", { marker });
    await c.broadcasts.next(byMarker(marker));
    await sleep(300);
    assert.deepEqual(b.broadcasts.items, [], "nothing reaches a channel that left");
    assert.deepEqual(
      b.h.frames.matching((f) => f.topic === b.topic && f.event === "broadcast"),
      [],
      "the server sent nothing more on that topic",
    );
  });
});

describe("presence", () => {
  test("track, re-track and untrack: the others get join/leave events with presence_ref, and presenceState agrees", { timeout: 20_000 }, async (t) => {
    const name = unique("pres");
    const watcher = await joined(open(rt(t), name, { presence: true, config: { presence: { key: "watcher" } } }));
    const alice = await joined(open(rt(t), name, { presence: true, config: { presence: { key: "alice" } } }));

    assert.equal(await alice.channel.track({ status: "online", n: 1 }), "ok");
    const joinEvent = await watcher.presence.next((p) => p.event === "join" && p.key === "alice");
    assert.equal(joinEvent.newPresences.length, 1);
    const [meta] = joinEvent.newPresences;
    assert.equal(meta.status, "online");
    assert.equal(meta.n, 1);
    assert.equal(typeof meta.presence_ref, "string");
    assert.ok(meta.presence_ref.length > 0);
    assert.equal("phx_ref" in meta, false, "realtime-js renamed phx_ref");
    for (const m of [watcher, alice]) {
      await until(
        () => m.channel.presenceState().alice?.[0]?.status === "online",
        5_000,
        () => `${m.name} state ${show(m.channel.presenceState())}`,
      );
    }
    assert.ok(watcher.presence.matching((p) => p.event === "sync").length >= 1, "sync events");

    // a second track from the same channel updates the meta under the same key
    assert.equal(await alice.channel.track({ status: "away", n: 2 }), "ok");
    await until(
      () => {
        const metas = watcher.channel.presenceState().alice ?? [];
        return metas.length === 1 && metas[0].status === "away" && metas[0].n === 2;
      },
      5_000,
      () => `watcher state ${show(watcher.channel.presenceState())}`,
    );

    assert.equal(await alice.channel.untrack(), "ok");
    const leave = await watcher.presence.next((p) => p.event === "leave" && p.key === "alice");
    assert.ok(leave.leftPresences.length >= 1);
    await until(
      () => !("alice" in watcher.channel.presenceState()),
      5_000,
      () => `watcher state ${show(watcher.channel.presenceState())}`,
    );
    assert.equal(alice.channel.state, "joined", "untrack keeps the channel");
  });

  test("a client whose socket closes leaves the others' presence", { timeout: 20_000 }, async (t) => {
    const name = unique("gone");
    const watcher = await joined(open(rt(t), name, { presence: true, config: { presence: { key: "w" } } }));
    const bobClient = rt(t);
    const bob = await joined(open(bobClient, name, { presence: true, config: { presence: { key: "bob" } } }));
    assert.equal(await bob.channel.track({ device: "phone" }), "ok");
    await watcher.presence.next((p) => p.event === "join" && p.key === "bob");

    closeRt(bobClient);
    const leave = await watcher.presence.next((p) => p.event === "leave" && p.key === "bob", 5_000, "bob's leave");
    assert.equal(leave.leftPresences[0]?.device, "phone");
    await until(
      () => !("bob" in watcher.channel.presenceState()),
      5_000,
      () => `watcher state ${show(watcher.channel.presenceState())}`,
    );
  });

  test("without config.presence.key the key is the token's sub", { timeout: 15_000 }, async (t) => {
    const name = unique("subkey");
    const watcher = await joined(open(rt(t), name, { presence: true, config: { presence: { key: "w" } } }));
    const dora = await joined(open(rt(t, { apikey: userKey("dora") }), name, { presence: true }));
    assert.equal(await dora.channel.track({ x: 1 }), "ok");
    const joinEvent = await watcher.presence.next((p) => p.event === "join" && p.key !== "w");
    assert.equal(joinEvent.key, "dora");
  });
});

describe("REST broadcast", () => {
  test("POST /realtime/v1/api/broadcast {messages} with sub-topics → 202, each message reaches its topic (Bearer or apikey header)", { timeout: 15_000 }, async (t) => {
    const n1 = unique("rest1");
    const n2 = unique("rest2");
    const a = await joined(open(rt(t), n1));
    const b = await joined(open(rt(t), n2));
    const p1 = { marker: unique("m1"), text: "ñ" };
    const p2 = { marker: unique("m2") };
    const res = await request(served.node, "POST", "/realtime/v1/api/broadcast", {
      bearer: serviceKey(),
      body: {
        messages: [
          { topic: n1, event: "news", payload: p1 },
          { topic: n2, event: "alert", payload: p2, private: false },
        ],
      },
    });
    assert.equal(res.status, 202, res.text);
    const got1 = await a.broadcasts.next(byMarker(p1.marker));
    assert.equal(got1.event, "news");
    assert.deepEqual(got1.payload, p1);
    const got2 = await b.broadcasts.next(byMarker(p2.marker));
    assert.equal(got2.event, "alert");
    assert.deepEqual(got2.payload, p2);

    const p3 = { marker: unique("m3") };
    const viaApikey = await request(served.node, "POST", "/realtime/v1/api/broadcast", {
      headers: { apikey: serviceKey() },
      body: { messages: [{ topic: n1, event: "news", payload: p3 }] },
    });
    assert.equal(viaApikey.status, 202, viaApikey.text);
    assert.deepEqual((await a.broadcasts.next(byMarker(p3.marker))).payload, p3);
    await sleep(300);
    assert.deepEqual(a.broadcasts.items.map((x) => x.payload.marker), [p1.marker, p3.marker], "each message once, on its topic");
    assert.deepEqual(b.broadcasts.items.map((x) => x.payload.marker), [p2.marker]);
  });

  test("POST /realtime/v1/api/broadcast/{topic}/events/{event} with the payload as body → 202", { timeout: 15_000 }, async (t) => {
    const name = unique("single");
    const m = await joined(open(rt(t), name));
    const payload = { marker: unique("m"), items: [1, 2] };
    const res = await request(
      served.node,
      "POST",
      `/realtime/v1/api/broadcast/${encodeURIComponent(name)}/events/${encodeURIComponent("new-order")}`,
      { bearer: serviceKey(), body: payload },
    );
    assert.equal(res.status, 202, res.text);
    const got = await m.broadcasts.next(byMarker(payload.marker));
    assert.equal(got.event, "new-order");
    assert.deepEqual(got.payload, payload);
  });

  test("realtime-js httpSend() resolves {success: true} and reaches subscribers (topic with ':' is URL-encoded)", { timeout: 15_000 }, async (t) => {
    const name = `room:${unique("hs")}`;
    const m = await joined(open(rt(t), name));
    const sender = rt(t, { apikey: serviceKey() });
    const channel = sender.client.channel(name); // never subscribed
    const payload = { marker: unique("m"), x: 1 };
    assert.deepEqual(await channel.httpSend("ping", payload, { timeout: 5_000 }), { success: true });
    const got = await m.broadcasts.next(byMarker(payload.marker));
    assert.equal(got.event, "ping");
    assert.deepEqual(got.payload, payload);
  });

  test("realtime-js send() on a channel it never subscribed falls back to REST and returns ok", { timeout: 15_000 }, async (t) => {
    const name = unique("fallback");
    const m = await joined(open(rt(t), name));
    const sender = rt(t, { apikey: serviceKey() });
    const channel = sender.client.channel(name);
    const payload = { marker: unique("m") };
    assert.equal(await channel.send({ type: "broadcast", event: "ping", payload }, { timeout: 5_000 }), "ok");
    const got = await m.broadcasts.next(byMarker(payload.marker));
    assert.equal(got.event, "ping");
    assert.deepEqual(got.payload, payload);
    assert.equal(sender.client.isConnected(), false, "it went over HTTP, not a socket");
  });

  test("refusals: no token, a forged token, or a role outside broadcast-roles → 401/403, and nothing is delivered", { timeout: 20_000 }, async (t) => {
    const name = unique("refused");
    const m = await joined(open(rt(t), name));
    const batch = { messages: [{ topic: name, event: "news", payload: { marker: "refused" } }] };
    const single = `/realtime/v1/api/broadcast/${encodeURIComponent(name)}/events/news`;
    const attempts = {
      "batch without a token": ["/realtime/v1/api/broadcast", batch, {}],
      "batch with a forged Bearer": ["/realtime/v1/api/broadcast", batch, { bearer: forgedKey() }],
      "batch with a forged apikey header": ["/realtime/v1/api/broadcast", batch, { headers: { apikey: forgedKey() } }],
      "batch with the anon key": ["/realtime/v1/api/broadcast", batch, { headers: { apikey: anonKey() } }],
      "single without a token": [single, { marker: "refused" }, {}],
      "single with a forged Bearer": [single, { marker: "refused" }, { bearer: forgedKey() }],
    };
    for (const [what, [url, body, auth]] of Object.entries(attempts)) {
      const r = await request(served.node, "POST", url, { body, ...auth });
      assert.ok([401, 403].includes(r.status), `${what}: got ${r.status} ${r.text}`);
    }
    const forgedSender = rt(t, { apikey: forgedKey() });
    await assert.rejects(forgedSender.client.channel(name).httpSend("news", { marker: "refused" }, { timeout: 5_000 }));

    const marker = unique("ok");
    const ok = await request(served.node, "POST", "/realtime/v1/api/broadcast", {
      bearer: serviceKey(),
      body: { messages: [{ topic: name, event: "news", payload: { marker } }] },
    });
    assert.equal(ok.status, 202, ok.text);
    await m.broadcasts.next(byMarker(marker));
    await sleep(300);
    assert.deepEqual(m.broadcasts.items.map((x) => x.payload), [{ marker }], "only the accepted message arrived");
  });
});

describe("REST broadcast batches", () => {
  test("a batch with one refused message publishes none of it: 422 names the field", { timeout: 15_000 }, async (t) => {
    const name = unique("batch");
    const m = await joined(open(rt(t), name));
    const marker = unique("m");
    const res = await request(served.node, "POST", "/realtime/v1/api/broadcast", {
      bearer: serviceKey(),
      body: { messages: [
        { topic: name, event: "news", payload: { marker } },
        { topic: name, event: "presence_diff", payload: { joins: { fake: { metas: [{}] } }, leaves: {} } },
      ] },
    });
    assert.equal(res.status, 422, res.text);
    assert.ok(res.json?.errors?.event, res.text);
    await sleep(300);
    assert.deepEqual(m.broadcasts.items, [], "nothing of the batch was published");
  });
});

describe("private channels and tokens", () => {
  test("config.private: refused with the anon key or no key, accepted with a user token as apikey or via setAuth", { timeout: 25_000 }, async (t) => {
    const name = `members-${unique("priv")}`;
    const err = await refused(open(rt(t, { apikey: anonKey() }), name, { config: { private: true } }));
    assert.ok(err instanceof Error);

    const member = await joined(open(rt(t, { apikey: userKey("u1") }), name, { config: { private: true } }));

    // the anon key on the socket, the user's token in the join's access_token
    const later = rt(t, { apikey: anonKey() });
    await later.client.setAuth(userKey("u2"));
    const viaSetAuth = await joined(open(later, name, { config: { private: true } }));

    const marker = unique("m");
    await shout(member, "shout", { marker });
    assert.deepEqual((await viaSetAuth.broadcasts.next(byMarker(marker))).payload, { marker });

    // no apikey at all: either the upgrade or the join is refused
    let raw;
    try {
      raw = await RawClient.connect(`${served.node.realtimeUrl}/websocket`);
    } catch (e) {
      assert.match(e.message, /HTTP 40[13]/);
    }
    if (raw) {
      t.after(() => raw.close());
      const reply = await raw.request(["1", "1", `realtime:${name}`, "phx_join", jsJoinPayload({ private: true })]);
      assert.equal(reply[3], "phx_reply");
      assert.equal(reply[4].status, "error", JSON.stringify(reply));
    }
  });

  test("a token that runs out closes the private channel: a system error message, then phx_close (realtime-js: CLOSED)", { timeout: 25_000 }, async (t) => {
    const name = `members-${unique("exp")}`;
    const h = rt(t, { apikey: expiringKey(3) }); // runs out about 2 s from now
    const m = await joined(open(h, name, { config: { private: true } }));

    const sys = await m.system.next((s) => s.status === "error", 12_000, "a system error when the token runs out");
    assert.equal(sys.extension, "system");
    assert.equal(typeof sys.message, "string");
    assert.ok(sys.message.length > 0);
    await m.statuses.next((s) => s.status === "CLOSED", 5_000, "CLOSED after phx_close");
    assert.equal(m.channel.state, "closed");
    const iSystem = h.frames.items.findIndex((f) => f.topic === m.topic && f.event === "system");
    const iClose = h.frames.items.findIndex((f) => f.topic === m.topic && f.event === "phx_close");
    assert.ok(iSystem >= 0 && iClose > iSystem, `system before phx_close: ${show(h.frames.items)}`);
    assert.equal(h.frames.items[iClose].join_ref, m.channel.joinPush.ref, "phx_close carries the channel's join_ref");
  });

  test("setAuth with a fresh token before the first runs out keeps the private channel", { timeout: 25_000 }, async (t) => {
    const name = `members-${unique("fresh")}`;
    const h = rt(t, { apikey: expiringKey(1) }); // runs out about 4 s from now
    const m = await joined(open(h, name, { config: { private: true } }));
    await h.client.setAuth(userKey("u1")); // pushes access_token on the joined channel
    await sleep(6_000);
    assert.equal(m.channel.state, "joined");
    assert.deepEqual(m.statuses.items.map((s) => s.status), ["SUBSCRIBED"]);
    assert.deepEqual(m.system.matching((s) => s.status === "error"), []);

    const other = await joined(open(rt(t, { apikey: userKey("u9") }), name, { config: { private: true } }));
    const marker = unique("m");
    await shout(other, "shout", { marker });
    assert.deepEqual((await m.broadcasts.next(byMarker(marker))).payload, { marker });
  });

  test("setAuth with a forged token gets an error from the server (error reply or system error)", { timeout: 15_000 }, async (t) => {
    const name = `members-${unique("forged")}`;
    const h = rt(t, { apikey: userKey("u1") });
    const m = await joined(open(h, name, { config: { private: true } }));
    assert.deepEqual(h.frames.matching((f) => f.payload?.status === "error"), []);
    await h.client.setAuth(forgedKey());
    const answer = await h.frames.next(
      (f) =>
        f.topic === m.topic &&
        ((f.event === "phx_reply" && f.payload?.status === "error") ||
          (f.event === "system" && f.payload?.status === "error")),
      5_000,
      "an error for the forged access_token",
    );
    assert.ok(answer);
  });
});

describe("metrics", () => {
  test("sockets are counted by dialect, and a broadcast is encoded once for every realtime-js V2 subscriber", { timeout: 20_000 }, async (t) => {
    const supabaseOpen = 'kanal_sockets_open{dialect="supabase"}';
    const encoded = 'kanal_frames_encoded_total{dialect="supabase",vsn="2.0.0"}';
    const name = unique("metrics");
    const a = await joined(open(rt(t), name));
    const b = await joined(open(rt(t), name));
    assert.ok((await metric(served.node, supabaseOpen)) >= 2, "both sockets are counted as supabase");
    // Each joiner's presence_state is pushed to it alone; only then is the count quiet.
    for (const m of [a, b]) {
      await m.h.frames.next((f) => f.topic === m.topic && f.event === "presence_state");
    }
    const before = await metric(served.node, encoded).catch(() => 0);

    const marker = unique("m");
    const res = await request(served.node, "POST", "/realtime/v1/api/broadcast", {
      bearer: serviceKey(),
      body: { messages: [{ topic: name, event: "news", payload: { marker } }] },
    });
    assert.equal(res.status, 202, res.text);
    await a.broadcasts.next(byMarker(marker));
    await b.broadcasts.next(byMarker(marker));
    assert.equal((await metric(served.node, encoded)) - before, 1, "one frame for both subscribers");
  });
});
