// Channel rules and kinds, driven by the official phoenix.js client.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  Inbox,
  closeAllClients,
  closeSocket,
  connectSocket,
  join,
  joinOk,
  push,
  sleep,
  startNode,
  token,
  unique,
  writeConfig,
} from "./support/server.js";

let node; // default rules from reference.conf
let custom; // kanal.channels replaced by a config file

before(async () => {
  const configFile = writeConfig(
    "channels-custom",
    `kanal.channels = [
  { pattern = "display:*", kind = server, join = public },
  { pattern = "site:*", kind = broadcast, join = "claim:site" }
]
`,
  );
  const results = await Promise.allSettled([
    startNode({ name: "channels" }),
    startNode({ name: "channels-custom", configFile }),
  ]);
  node = results[0].value;
  custom = results[1].value;
  const failed = results.filter((r) => r.status === "rejected");
  if (failed.length) throw failed[0].reason;
});

after(async () => {
  closeAllClients();
  await Promise.all([node?.stop(), custom?.stop()]);
});

async function sock(t, n, opts) {
  const s = await connectSocket(n.url, opts);
  t.after(() => closeSocket(s));
  return s;
}

/** Waits `ms` and asserts that `inbox` got nothing matching `pred` meanwhile. */
async function assertNothing(inbox, pred, ms, message) {
  await sleep(ms);
  assert.deepEqual(inbox.matching(pred), [], message);
}

describe("default rules", () => {
  test("join of room:* (broadcast, public) is ok with {} anonymously", { timeout: 15_000 }, async (t) => {
    const s = await sock(t, node);
    const r = await join(s, `room:${unique("lobby")}`);
    assert.equal(r.status, "ok");
    assert.deepEqual(r.response, {});
  });

  test("a push is relayed to the other subscribers, not back to the sender", { timeout: 15_000 }, async (t) => {
    const topic = `room:${unique("relay")}`;
    const s1 = await sock(t, node);
    const s2 = await sock(t, node);
    const s3 = await sock(t, node);
    const c1 = await joinOk(s1, topic);
    const c2 = await joinOk(s2, topic);
    const c3 = await joinOk(s3, topic);
    const in1 = new Inbox(c1, "shout");
    const in2 = new Inbox(c2, "shout");
    const in3 = new Inbox(c3, "shout");

    const payload = { body: "hello", n: 1, nested: { list: [1, "two", null, true] }, marker: unique("m") };
    c1.push("shout", payload);
    assert.deepEqual(await in2.next((p) => p.marker === payload.marker), payload);
    assert.deepEqual(await in3.next((p) => p.marker === payload.marker), payload);
    await assertNothing(in1, () => true, 500, "the sender does not get its own push without self");
    assert.equal(in2.items.length, 1, "delivered once");
    assert.equal(in3.items.length, 1, "delivered once");
  });

  test("with config.broadcast.self the sender gets its own push too", { timeout: 15_000 }, async (t) => {
    const topic = `room:${unique("self")}`;
    const s1 = await sock(t, node);
    const s2 = await sock(t, node);
    const c1 = await joinOk(s1, topic, { config: { broadcast: { self: true } } });
    const c2 = await joinOk(s2, topic);
    const in1 = new Inbox(c1, "shout");
    const in2 = new Inbox(c2, "shout");

    const payload = { marker: unique("self") };
    c1.push("shout", payload);
    assert.deepEqual(await in1.next((p) => p.marker === payload.marker), payload);
    assert.deepEqual(await in2.next((p) => p.marker === payload.marker), payload);

    // s2 joined without self: its own push reaches s1 but not s2.
    const back = { marker: unique("back") };
    c2.push("shout", back);
    assert.deepEqual(await in1.next((p) => p.marker === back.marker), back);
    await assertNothing(in2, (p) => p.marker === back.marker, 500, "no self without the option");
    assert.equal(in1.items.length, 2);
  });

  test("with config.broadcast.ack the sender's push gets an ok reply", { timeout: 15_000 }, async (t) => {
    const topic = `room:${unique("ack")}`;
    const s1 = await sock(t, node);
    const s2 = await sock(t, node);
    const c1 = await joinOk(s1, topic, { config: { broadcast: { ack: true } } });
    const c2 = await joinOk(s2, topic);
    const in2 = new Inbox(c2, "shout");

    const payload = { marker: unique("ack") };
    const reply = await push(c1, "shout", payload, 3_000);
    assert.equal(reply.status, "ok", JSON.stringify(reply));
    assert.deepEqual(reply.response, {});
    assert.deepEqual(await in2.next((p) => p.marker === payload.marker), payload);
  });

  test("without ack a push gets no reply at all", { timeout: 15_000 }, async (t) => {
    const topic = `room:${unique("noack")}`;
    const s1 = await sock(t, node);
    const s2 = await sock(t, node);
    const c1 = await joinOk(s1, topic);
    const c2 = await joinOk(s2, topic);
    const in2 = new Inbox(c2, "shout");

    const payload = { marker: unique("noack") };
    const reply = await push(c1, "shout", payload, 1_500);
    assert.equal(reply.status, "timeout", `expected no reply, got ${JSON.stringify(reply)}`);
    assert.deepEqual(await in2.next((p) => p.marker === payload.marker), payload);
  });

  test("join of staff:* without a token is unauthorized", { timeout: 15_000 }, async (t) => {
    const s = await sock(t, node);
    const r = await join(s, `staff:${unique("s")}`);
    assert.equal(r.status, "error");
    assert.deepEqual(r.response, { reason: "unauthorized" });
  });

  test("join of notifications:* needs role admin", { timeout: 15_000 }, async (t) => {
    const anon = await sock(t, node);
    const staff = await sock(t, node, { token: token({ sub: "u1", role: "staff" }) });
    const admin = await sock(t, node, { token: token({ sub: "u2", role: "admin" }) });
    const topic = `notifications:${unique("n")}`;

    const r1 = await join(anon, topic);
    assert.equal(r1.status, "error");
    assert.deepEqual(r1.response, { reason: "unauthorized" });
    const r2 = await join(staff, topic);
    assert.equal(r2.status, "error");
    assert.deepEqual(r2.response, { reason: "unauthorized" });
    const r3 = await join(admin, topic);
    assert.equal(r3.status, "ok");
    assert.deepEqual(r3.response, {});
  });

  test("a topic matching no rule is refused with {reason: unmatched topic}", { timeout: 15_000 }, async (t) => {
    const s = await sock(t, node, { token: token({ sub: "u1", role: "admin" }) });
    for (const topic of [`nomatch:${unique("x")}`, "lobby", `rooms:${unique("x")}`]) {
      const r = await join(s, topic);
      assert.equal(r.status, "error", topic);
      assert.deepEqual(r.response, { reason: "unmatched topic" }, topic);
    }
  });

  test("server kind (notifications:*): a client push gets an error reply and is not relayed", { timeout: 15_000 }, async (t) => {
    const topic = `notifications:${unique("srv")}`;
    const s1 = await sock(t, node, { token: token({ sub: "u1", role: "admin" }) });
    const s2 = await sock(t, node, { token: token({ sub: "u2", role: "admin" }) });
    const c1 = await joinOk(s1, topic);
    const c2 = await joinOk(s2, topic, { config: { broadcast: { self: true, ack: true } } });
    const in1 = new Inbox(c1, "shout");
    const in2 = new Inbox(c2, "shout");

    const reply = await push(c2, "shout", { marker: "srv" }, 3_000);
    assert.equal(reply.status, "error", JSON.stringify(reply));
    assert.equal(typeof reply.response?.reason, "string", JSON.stringify(reply));
    assert.ok(reply.response.reason.length > 0);
    await assertNothing(in1, () => true, 300, "a client push on a server channel is not relayed");
    assert.deepEqual(in2.items, []);
  });

  test("join of an unknown collection:* answers an error with a clear reason", { timeout: 15_000 }, async (t) => {
    const s = await sock(t, node, { token: token({ sub: "u1", role: "admin" }) });
    const r = await join(s, `collection:${unique("k")}`);
    assert.equal(r.status, "error", JSON.stringify(r.response));
    assert.equal(typeof r.response?.reason, "string", JSON.stringify(r.response));
    assert.ok(r.response.reason.trim().length > 0, "reason is not blank");
    assert.notEqual(r.response.reason, "unmatched topic", "the rule exists, so the topic is matched");
    assert.deepEqual(Object.keys(r.response), ["reason"]);
  });

  test("a phoenix.js join of realtime:* gets Supabase's reply; one with postgres_changes bindings a clear error", { timeout: 15_000 }, async (t) => {
    const s = await sock(t, node);
    const ok = await join(s, `realtime:${unique("rt")}`);
    assert.equal(ok.status, "ok", JSON.stringify(ok.response));
    assert.deepEqual(ok.response, { postgres_changes: [] });
    const bound = await join(s, `realtime:${unique("rt")}`, {
      config: { postgres_changes: [{ event: "*", schema: "public", table: "todos" }] },
    });
    assert.equal(bound.status, "error", JSON.stringify(bound.response));
    assert.match(bound.response.reason, /postgres_changes/);
  });
});

describe("rules from -Dconfig.file", () => {
  test("display:* is a public server channel: join ok, push refused", { timeout: 15_000 }, async (t) => {
    const s = await sock(t, custom);
    const topic = `display:${unique("d")}`;
    const r = await join(s, topic);
    assert.equal(r.status, "ok", JSON.stringify(r.response));
    assert.deepEqual(r.response, {});
    const reply = await push(r.channel, "shout", { a: 1 }, 3_000);
    assert.equal(reply.status, "error", JSON.stringify(reply));
    assert.equal(typeof reply.response?.reason, "string");
    assert.ok(reply.response.reason.length > 0);
  });

  test("site:* with join claim:site: the claim must equal the topic suffix", { timeout: 15_000 }, async (t) => {
    const paris = await sock(t, custom, { token: token({ sub: "u1", site: "paris" }) });
    const anon = await sock(t, custom);
    const ok = await join(paris, "site:paris");
    assert.equal(ok.status, "ok", JSON.stringify(ok.response));
    assert.deepEqual(ok.response, {});
    const other = await join(paris, "site:lyon");
    assert.equal(other.status, "error");
    assert.deepEqual(other.response, { reason: "unauthorized" });
    const none = await join(anon, "site:paris");
    assert.equal(none.status, "error");
    assert.deepEqual(none.response, { reason: "unauthorized" });

    // It is a broadcast channel: pushes are relayed between members.
    const paris2 = await sock(t, custom, { token: token({ sub: "u2", site: "paris" }) });
    const c2 = await joinOk(paris2, "site:paris");
    const in2 = new Inbox(c2, "shout");
    const payload = { marker: unique("site") };
    ok.channel.push("shout", payload);
    assert.deepEqual(await in2.next((p) => p.marker === payload.marker), payload);
  });

  test("the file replaces the default rules: room:* and staff:* no longer match", { timeout: 15_000 }, async (t) => {
    const s = await sock(t, custom, { token: token({ sub: "u1", role: "admin" }) });
    for (const topic of [`room:${unique("r")}`, `staff:${unique("s")}`, `notifications:${unique("n")}`]) {
      const r = await join(s, topic);
      assert.equal(r.status, "error", topic);
      assert.deepEqual(r.response, { reason: "unmatched topic" }, topic);
    }
  });
});
