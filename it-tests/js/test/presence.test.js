// Presence on one node, driven by phoenix.js's Presence class (and its raw presence_diff payloads):
// convergence, leaving, several metas under one key, meta updates, token claims in metas, and the
// README's staff-on-shift example with its own channel rules.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PresenceView, joinWithPresence, presencePush } from "./support/presence.js";
import {
  closeSocket,
  connectSocket,
  join,
  push,
  sleep,
  startNode,
  token,
  unique,
  useNode,
  writeConfig,
} from "./support/server.js";

const h = useNode({ name: "presence" });

/** A predicate: the list has exactly `counts`' keys, each with that many metas ({key: n}). */
const shape = (counts) => (v) => {
  const snap = v.snapshot();
  const want = Object.keys(counts).sort();
  return (
    JSON.stringify(Object.keys(snap)) === JSON.stringify(want) && want.every((k) => snap[k].length === counts[k])
  );
};
const shapeText = (counts) => `keys/metas ${JSON.stringify(counts)}`;

/** The raw diffs a view got after index `from` that mention `key` in joins or leaves. */
const diffsAbout = (view, key, from = 0) =>
  view.diffs.slice(from).filter(({ payload }) => key in (payload.joins ?? {}) || key in (payload.leaves ?? {}));

describe("presence on a room (default rules: room:* public, presence = true)", () => {
  test("three clients converge on the same list: same keys, same phx_refs, exact metas", { timeout: 20_000 }, async (t) => {
    const topic = `room:${unique("conv")}`;
    const members = [
      ["alice", "phone"],
      ["bob", "laptop"],
      ["carol", "kiosk"],
    ];
    const joined = [];
    for (const [key, device] of members) {
      const s = await h.sock(t);
      joined.push(await joinWithPresence(s, topic, { presence: { key, meta: { device } } }, { label: key }));
    }
    const counts = { alice: 1, bob: 1, carol: 1 };
    await Promise.all(joined.map(({ view }) => view.until(shape(counts), 5_000, shapeText(counts))));

    const snaps = joined.map(({ view }) => view.snapshot());
    assert.deepEqual(snaps[1], snaps[0], "bob's list equals alice's (keys and phx_refs)");
    assert.deepEqual(snaps[2], snaps[0], "carol's list equals alice's (keys and phx_refs)");
    const refs = Object.values(snaps[0]).flat();
    assert.equal(new Set(refs).size, 3, `three distinct phx_refs: ${refs}`);
    for (const ref of refs) assert.match(ref, /^[A-Za-z0-9_-]{8,}$/, `phx_ref ${ref}`);
    // anonymous sockets: the meta is exactly what the client sent plus phx_ref (no claims)
    for (const { view } of joined) {
      for (const [key, device] of members) {
        assert.deepEqual(view.metas(key), [{ device, phx_ref: snaps[0][key][0] }], `${view.label} sees ${key}`);
      }
    }
    // every joiner got a presence_state
    for (const { view } of joined) assert.ok(view.states.length >= 1, `${view.label} got a presence_state`);
  });

  test("a client that disconnects leaves the others' lists (one diff with exactly its leave)", { timeout: 20_000 }, async (t) => {
    const topic = `room:${unique("gone")}`;
    const sockets = [];
    const joined = [];
    for (const key of ["alice", "bob", "carol"]) {
      const s = await h.sock(t);
      sockets.push(s);
      joined.push(await joinWithPresence(s, topic, { presence: { key, meta: { who: key } } }, { label: key }));
    }
    const all = { alice: 1, bob: 1, carol: 1 };
    await Promise.all(joined.map(({ view }) => view.until(shape(all), 5_000, shapeText(all))));
    const before = joined[0].view.snapshot();
    const carolMeta = joined[0].view.metas("carol")[0];
    const diffsBefore = joined.slice(0, 2).map(({ view }) => view.diffs.length);

    closeSocket(sockets[2]);

    const expected = { alice: before.alice, bob: before.bob };
    await Promise.all(joined.slice(0, 2).map(({ view }) => view.untilSnapshot(expected, 5_000)));
    await sleep(300);
    for (const [i, { view }] of joined.slice(0, 2).entries()) {
      assert.deepEqual(view.snapshot(), expected, `${view.label}'s list after carol disconnected`);
      assert.deepEqual(
        diffsAbout(view, "carol", diffsBefore[i]).map((d) => d.payload),
        [{ joins: {}, leaves: { carol: { metas: [carolMeta] } } }],
        `${view.label} got exactly one diff about carol: her leave`,
      );
    }
  });

  test("a client that leaves the channel (socket still open) leaves the others' lists", { timeout: 20_000 }, async (t) => {
    const topic = `room:${unique("left")}`;
    const s1 = await h.sock(t);
    const s2 = await h.sock(t);
    const a = await joinWithPresence(s1, topic, { presence: { key: "stays", meta: {} } }, { label: "stays" });
    const b = await joinWithPresence(s2, topic, { presence: { key: "goes", meta: {} } }, { label: "goes" });
    const both = { goes: 1, stays: 1 };
    await a.view.until(shape(both), 5_000, shapeText(both));
    const staysRef = a.view.snapshot().stays;

    const left = await new Promise((resolve) => {
      b.channel.leave(3_000).receive("ok", () => resolve("ok")).receive("timeout", () => resolve("timeout"));
    });
    assert.equal(left, "ok", "phx_leave answered ok");
    await a.view.untilSnapshot({ stays: staysRef }, 5_000);
    await sleep(300);
    assert.deepEqual(a.view.snapshot(), { stays: staysRef });
  });

  test("untrack (Supabase-style push) removes the presence; the channel stays joined", { timeout: 20_000 }, async (t) => {
    const topic = `room:${unique("untrack")}`;
    const s1 = await h.sock(t, { token: token({ sub: "watcher" }) });
    const s2 = await h.sock(t, { token: token({ sub: "hopper" }) });
    const w = await joinWithPresence(s1, topic, {}, { label: "watcher" });
    const hop = await joinWithPresence(s2, topic, {}, { label: "hopper" });
    // joined without presence in the payload: not tracked
    await sleep(200);
    assert.deepEqual(w.view.snapshot(), {}, "nobody tracked yet");

    assert.deepEqual(await push(hop.channel, "presence", presencePush("track", { at: "desk" })), {
      status: "ok",
      response: {},
    });
    await w.view.until(shape({ hopper: 1 }), 5_000, "hopper tracked");
    assert.deepEqual(w.view.metas("hopper"), [{ at: "desk", phx_ref: w.view.snapshot().hopper[0] }]);

    assert.deepEqual(await push(hop.channel, "presence", presencePush("untrack")), { status: "ok", response: {} });
    await w.view.untilSnapshot({}, 5_000);
    await hop.view.untilSnapshot({}, 5_000);

    // still joined: a broadcast from the watcher reaches the hopper
    const got = new Promise((resolve) => hop.channel.on("shout", resolve));
    const marker = unique("still");
    w.channel.push("shout", { marker });
    assert.deepEqual(await Promise.race([got, sleep(3_000).then(() => "nothing")]), { marker });
  });

  test("one token sub on two sockets: one key with two metas; after one leaves, one meta remains", { timeout: 20_000 }, async (t) => {
    const topic = `room:${unique("sub2")}`;
    const dana = token({ sub: "dana" });
    const phone = await h.sock(t, { token: dana });
    const laptop = await h.sock(t, { token: dana });
    const observer = await h.sock(t);
    const obs = await joinWithPresence(observer, topic, {}, { label: "observer" });
    const p = await joinWithPresence(phone, topic, { presence: { meta: { device: "phone" } } }, { label: "phone" });
    const l = await joinWithPresence(laptop, topic, { presence: { meta: { device: "laptop" } } }, { label: "laptop" });

    await Promise.all([obs, p, l].map(({ view }) => view.until(shape({ dana: 2 }), 5_000, "dana with two metas")));
    const metas = obs.view.metas("dana");
    assert.deepEqual(metas.map((m) => m.device).sort(), ["laptop", "phone"]);
    assert.equal(new Set(metas.map((m) => m.phx_ref)).size, 2, "two distinct phx_refs");
    assert.deepEqual(p.view.snapshot(), obs.view.snapshot(), "phone's list equals the observer's");
    assert.deepEqual(l.view.snapshot(), obs.view.snapshot(), "laptop's list equals the observer's");
    const phoneMeta = metas.find((m) => m.device === "phone");
    const laptopMeta = metas.find((m) => m.device === "laptop");
    assert.deepEqual(phoneMeta, { device: "phone", phx_ref: phoneMeta.phx_ref });
    const from = obs.view.diffs.length;

    closeSocket(phone);

    await obs.view.untilSnapshot({ dana: [laptopMeta.phx_ref] }, 5_000);
    await l.view.untilSnapshot({ dana: [laptopMeta.phx_ref] }, 5_000);
    await sleep(300);
    assert.deepEqual(obs.view.metas("dana"), [laptopMeta], "the laptop's meta remains, unchanged");
    assert.deepEqual(
      diffsAbout(obs.view, "dana", from).map((d) => d.payload),
      [{ joins: {}, leaves: { dana: { metas: [phoneMeta] } } }],
      "one diff: the phone's meta leaves",
    );
  });

  test("one join-payload key on two sockets: one key with two metas; after one leaves the channel, one remains", { timeout: 20_000 }, async (t) => {
    const topic = `room:${unique("key2")}`;
    const s1 = await h.sock(t);
    const s2 = await h.sock(t);
    const s3 = await h.sock(t, { token: token({ sub: "someone-else" }) });
    const k1 = await joinWithPresence(s1, topic, { presence: { key: "kiosk", meta: { screen: 1 } } }, { label: "screen1" });
    const k2 = await joinWithPresence(s2, topic, { presence: { key: "kiosk", meta: { screen: 2 } } }, { label: "screen2" });
    // the join payload's key wins over the token's sub
    const k3 = await joinWithPresence(s3, topic, { presence: { key: "kiosk", meta: { screen: 3 } } }, { label: "screen3" });

    await Promise.all([k1, k2, k3].map(({ view }) => view.until(shape({ kiosk: 3 }), 5_000, "kiosk with three metas")));
    assert.deepEqual(k1.view.metas("kiosk").map((m) => m.screen).sort(), [1, 2, 3]);
    assert.deepEqual(k2.view.snapshot(), k1.view.snapshot());
    assert.deepEqual(k3.view.snapshot(), k1.view.snapshot());
    const remaining = k1.view.metas("kiosk").filter((m) => m.screen !== 2);

    const left = await new Promise((resolve) => {
      k2.channel.leave(3_000).receive("ok", () => resolve("ok")).receive("timeout", () => resolve("timeout"));
    });
    assert.equal(left, "ok");
    const want = { kiosk: remaining.map((m) => m.phx_ref).sort() };
    await k1.view.untilSnapshot(want, 5_000);
    await k3.view.untilSnapshot(want, 5_000);
    await sleep(300);
    assert.deepEqual(k1.view.snapshot(), want);
    assert.deepEqual(
      k1.view.metas("kiosk").sort((a, b) => a.screen - b.screen),
      remaining.sort((a, b) => a.screen - b.screen),
    );
  });

  test("an anonymous socket's key is one random id per socket, the same on all its channels", { timeout: 20_000 }, async (t) => {
    const t1 = `room:${unique("anon1")}`;
    const t2 = `room:${unique("anon2")}`;
    const s1 = await h.sock(t);
    const s2 = await h.sock(t);
    const a1 = await joinWithPresence(s1, t1, { presence: { meta: {} } }, { label: "s1@t1" });
    const a2 = await joinWithPresence(s1, t2, { presence: { meta: {} } }, { label: "s1@t2" });
    const b1 = await joinWithPresence(s2, t1, { presence: { meta: {} } }, { label: "s2@t1" });
    await a1.view.until((v) => Object.keys(v.snapshot()).length === 2, 5_000, "two keys on t1");
    await a2.view.until((v) => Object.keys(v.snapshot()).length === 1, 5_000, "one key on t2");
    await b1.view.until((v) => Object.keys(v.snapshot()).length === 2, 5_000, "two keys on t1");
    const [keyOnT2] = Object.keys(a2.view.snapshot());
    const keysOnT1 = Object.keys(a1.view.snapshot());
    assert.ok(keysOnT1.includes(keyOnT2), `socket 1's key on t2 (${keyOnT2}) is also on t1 (${keysOnT1})`);
    const otherKey = keysOnT1.find((k) => k !== keyOnT2);
    assert.notEqual(otherKey, keyOnT2, "socket 2 has another key");
    assert.ok(keyOnT2.length >= 8 && otherKey.length >= 8, `random ids: ${keyOnT2}, ${otherKey}`);
    assert.deepEqual(a1.view.metas(otherKey), [{ phx_ref: a1.view.snapshot()[otherKey][0] }], "empty meta plus phx_ref");
  });

  test("a second track is an update: ONE presence_diff with the new meta (phx_ref_prev) in joins, the old in leaves", { timeout: 20_000 }, async (t) => {
    const topic = `room:${unique("update")}`;
    const erinToken = token({ sub: "erin", name: "Erin", role: "member" });
    const updater = await h.sock(t, { token: erinToken });
    const watcher = await h.sock(t);
    const w = await joinWithPresence(watcher, topic, {}, { label: "watcher" });
    const u = await joinWithPresence(updater, topic, {}, { label: "erin" });

    assert.deepEqual(await push(u.channel, "presence", presencePush("track", { status: "online" })), {
      status: "ok",
      response: {},
    });
    await w.view.until(shape({ erin: 1 }), 5_000, "erin tracked");
    const first = w.view.metas("erin")[0];
    assert.deepEqual(first, { status: "online", name: "Erin", role: "member", phx_ref: first.phx_ref });
    await sleep(200); // past the batch window: the first track's diff is out
    assert.deepEqual(
      diffsAbout(w.view, "erin").map((d) => d.payload),
      [{ joins: { erin: { metas: [first] } }, leaves: {} }],
      "the first track: one diff, a join without phx_ref_prev",
    );
    const from = w.view.diffs.length;

    assert.deepEqual(await push(u.channel, "presence", presencePush("track", { status: "busy" })), {
      status: "ok",
      response: {},
    });
    await w.view.until((v) => v.metas("erin")[0]?.status === "busy", 5_000, "erin busy");
    await sleep(500); // several batch windows: any further diff would be here by now
    const second = w.view.metas("erin");
    assert.equal(second.length, 1, `one meta after the update: ${JSON.stringify(second)}`);
    assert.notEqual(second[0].phx_ref, first.phx_ref, "a new phx_ref");
    assert.deepEqual(second[0], {
      status: "busy",
      name: "Erin",
      role: "member",
      phx_ref: second[0].phx_ref,
      phx_ref_prev: first.phx_ref,
    });
    assert.deepEqual(
      w.view.diffs.slice(from).map((d) => d.payload),
      [{ joins: { erin: { metas: [second[0]] } }, leaves: { erin: { metas: [first] } } }],
      "exactly one presence_diff for the update",
    );
    // the updater's own list agrees
    await u.view.untilSnapshot({ erin: [second[0].phx_ref] }, 5_000);
    assert.deepEqual(u.view.metas("erin"), second);
  });

  test("token claims name and role are copied into metas and beat client-sent values", { timeout: 20_000 }, async (t) => {
    const topic = `room:${unique("claims")}`;
    const frank = await h.sock(t, {
      token: token({ sub: "frank", name: "Frank", role: "staff", email: "frank@example.com", station: "grill" }),
    });
    const gina = await h.sock(t, { token: token({ sub: "gina", name: "Gina" }) });
    const f = await joinWithPresence(
      frank,
      topic,
      { presence: { meta: { name: "Impostor", role: "admin", mood: "happy" } } },
      { label: "frank" },
    );
    const g = await joinWithPresence(gina, topic, { presence: { meta: { name: "Not Gina", n: 7 } } }, { label: "gina" });
    const counts = { frank: 1, gina: 1 };
    await f.view.until(shape(counts), 5_000, shapeText(counts));
    await g.view.until(shape(counts), 5_000, shapeText(counts));
    const snap = g.view.snapshot();
    assert.deepEqual(f.view.snapshot(), snap);
    for (const view of [f.view, g.view]) {
      assert.deepEqual(
        view.metas("frank"),
        [{ name: "Frank", role: "staff", mood: "happy", phx_ref: snap.frank[0] }],
        `${view.label}: frank's meta has the token's name and role, not email or station`,
      );
      assert.deepEqual(view.metas("gina"), [{ name: "Gina", n: 7, phx_ref: snap.gina[0] }], `${view.label}: gina's meta`);
    }
  });
});

test("staff on shift (README): presence-meta-claims = [name, station] on staff:*, join = authenticated", { timeout: 60_000 }, async (t) => {
  const configFile = writeConfig(
    "presence-staff",
    `kanal.channels = [
  { pattern = "staff:*", kind = broadcast, join = authenticated, presence = true,
    presence-meta-claims = [name, station] }
]
`,
  );
  const node = await startNode({ name: "presence-staff", configFile });
  const opened = [];
  t.after(async () => {
    for (const s of opened) closeSocket(s);
    await node.stop();
  });
  const sock = async (opts) => {
    const s = await connectSocket(node.url, opts);
    opened.push(s);
    return s;
  };
  const topic = `staff:${unique("oslo")}`;

  const anonymous = await sock();
  const refused = await join(anonymous, topic, { presence: { meta: {} } });
  assert.equal(refused.status, "error", `anonymous join of ${topic}: ${JSON.stringify(refused.response)}`);

  const kari = await sock({ token: token({ sub: "u42", name: "Kari", station: "espresso", role: "barista" }) });
  const ola = await sock({ token: token({ sub: "u43", name: "Ola", station: "grill" }) });
  const lines = [];
  const k = await joinWithPresence(kari, topic, { presence: { meta: {} } }, { label: "kari" });
  // the README's onSync callback
  k.view.presence.onSync(() => {
    lines.push(k.view.presence.list((sub, { metas }) => `${metas[0].name} at ${metas[0].station}`).sort());
    k.view.history.push({ at: Date.now(), snapshot: k.view.snapshot() });
    for (const w of [...k.view.waiters]) w();
  });
  const o = await joinWithPresence(ola, topic, { presence: { meta: { station: "forged" } } }, { label: "ola" });

  const counts = { u42: 1, u43: 1 };
  await k.view.until(shape(counts), 5_000, shapeText(counts));
  await o.view.until(shape(counts), 5_000, shapeText(counts));
  assert.deepEqual(lines.at(-1), ["Kari at espresso", "Ola at grill"]);
  assert.deepEqual(
    o.view.presence.list((sub, { metas }) => `${metas[0].name} at ${metas[0].station}`).sort(),
    ["Kari at espresso", "Ola at grill"],
  );
  const snap = k.view.snapshot();
  assert.deepEqual(o.view.snapshot(), snap);
  for (const view of [k.view, o.view]) {
    // only the configured claims: no role, although Kari's token has one
    assert.deepEqual(view.metas("u42"), [{ name: "Kari", station: "espresso", phx_ref: snap.u42[0] }]);
    assert.deepEqual(view.metas("u43"), [{ name: "Ola", station: "grill", phx_ref: snap.u43[0] }]);
  }
});
