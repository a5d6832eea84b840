// Presence across a three-node cluster when one node dies (SIGKILL): the survivors' lists must
// converge to exactly the live presences, on topics whose entity lived on the dead node (it restarts
// elsewhere and re-learns its subscribers) and on topics whose entity survived (it drops the dead
// node's subscribers), and broadcasts must reach every surviving subscriber afterwards.
//
// Which node hosts a topic's entity is read from the nodes' logs (support/cluster.js): with Pekko's
// debug logging on, a Shard logs "topic: Started entity [...] with entity id [TOPIC] in shard [N]".

import assert from "node:assert/strict";
import { after, test } from "node:test";
import { DEBUG_CONFIG, DEBUG_ENV, FAST_DOWNING, entityStarts, logExcerpt, startCluster } from "./support/cluster.js";
import { joinWithPresence, presencePush } from "./support/presence.js";
import {
  Inbox,
  closeAllClients,
  closeSocket,
  connectSocket,
  postBroadcast,
  push,
  sleep,
  token,
  unique,
  writeConfig,
} from "./support/server.js";

const TOPICS_PER_RUN = 6;
const SOCKETS_PER_NODE = 2;
const CONVERGE_WITHIN_MS = 45_000;

const configFile = writeConfig("presence-cluster", FAST_DOWNING + DEBUG_CONFIG);
const service = () => token({ sub: "backend", role: "service" });

after(closeAllClients);

const entriesText = (entries) => JSON.stringify(entries);

/** Pushes a shout from the first client and tells who got it within 2 s (for a failure report). */
async function probeShout(topic, clients) {
  const [sender, ...others] = clients;
  const marker = unique("probe");
  sender.channels.get(topic).channel.push("shout", { marker });
  await sleep(2_000);
  const got = others.filter((c) => c.channels.get(topic).shout.matching((p) => p.marker === marker).length > 0);
  const missed = others.filter((c) => !got.includes(c));
  return `shout from ${sender.key} reached [${got.map((c) => c.key)}], missed [${missed.map((c) => c.key)}]`;
}

/**
 * One scenario: start three nodes, track presences on TOPICS_PER_RUN topics from SOCKETS_PER_NODE
 * sockets per node (one with the join payload, one with a presence push), kill one node, and check
 * that the survivors converge to exactly the live presences and still get broadcasts.
 * `prefer` orders the candidate victims; the first that hosts some but not all topics is killed.
 */
async function scenario(t, tag, prefer) {
  const nodes = await startCluster({ tag: `pcluster-${tag}`, configFile, env: DEBUG_ENV });
  const clients = [];
  t.after(async () => {
    for (const c of clients) closeSocket(c.socket);
    // SIGKILL: a graceful stop of the survivors (both leaving the cluster at once) takes ~9 s and
    // proves nothing here.
    await Promise.all(nodes.map(({ node }) => node.kill()));
  });

  const topics = Array.from({ length: TOPICS_PER_RUN }, (_, i) => `room:${unique(`pc-${tag}-t${i}`)}`);

  // Sockets: key = token sub = node label + index (A1, A2, B1, …).
  for (const { label, node } of nodes) {
    for (let i = 1; i <= SOCKETS_PER_NODE; i++) {
      const key = `${label}${i}`;
      const socket = await connectSocket(node.url, { token: token({ sub: key, name: `user ${key}` }) });
      clients.push({ key, label, node, socket, channels: new Map() });
    }
  }

  // Joins, in parallel. Index 1 tracks in the join payload, the others with a presence push.
  const joinStarted = Date.now();
  await Promise.all(
    clients.flatMap((c) =>
      topics.map(async (topic) => {
        const byJoin = c.key.endsWith("1");
        const meta = { node: c.label, via: byJoin ? "join" : "push" };
        const { channel, view } = await joinWithPresence(c.socket, topic, byJoin ? { presence: { meta } } : {}, {
          timeoutMs: 20_000,
          label: `${c.key}@${topic}`,
        });
        if (!byJoin) {
          const r = await push(channel, "presence", presencePush("track", meta), 10_000);
          assert.deepEqual(r, { status: "ok", response: {} }, `${c.key} track on ${topic}`);
        }
        c.channels.set(topic, { channel, view, shout: new Inbox(channel, "shout"), news: new Inbox(channel, "news") });
      }),
    ),
  );

  // Everybody sees everybody, with the same phx_refs everywhere.
  const allKeys = clients.map((c) => c.key).sort();
  const full = (v) => {
    const snap = v.snapshot();
    return JSON.stringify(Object.keys(snap)) === JSON.stringify(allKeys) && allKeys.every((k) => snap[k].length === 1);
  };
  await Promise.all(
    clients.flatMap((c) => topics.map((topic) => c.channels.get(topic).view.until(full, 30_000, `all of ${allKeys}`))),
  );
  const before = new Map();
  for (const topic of topics) {
    const reference = clients[0].channels.get(topic).view;
    for (const c of clients) {
      assert.deepEqual(c.channels.get(topic).view.snapshot(), reference.snapshot(), `${c.key}'s list on ${topic}`);
    }
    const entries = reference.entries();
    for (const { key, metas } of entries) {
      const c = clients.find((x) => x.key === key);
      assert.deepEqual(metas, [
        { node: c.label, via: key.endsWith("1") ? "join" : "push", name: `user ${key}`, phx_ref: metas[0].phx_ref },
      ]);
    }
    before.set(topic, entries);
  }
  const settleMs = Date.now() - joinStarted;

  // Where does each topic's entity run?
  const hostOf = new Map();
  for (const topic of topics) {
    const starts = entityStarts(nodes, topic);
    assert.equal(starts.length, 1, `one "Started entity" log line for ${topic}: ${JSON.stringify(starts)}`);
    hostOf.set(topic, starts[0].label);
  }
  const hostedBy = (label) => topics.filter((topic) => hostOf.get(topic) === label);
  const victimLabel =
    prefer.find((label) => hostedBy(label).length > 0 && hostedBy(label).length < topics.length) ?? prefer[0];
  const victim = nodes.find((n) => n.label === victimLabel);
  const survivors = clients.filter((c) => c.label !== victimLabel);
  const dead = clients.filter((c) => c.label === victimLabel);
  const hosted = hostedBy(victimLabel);
  const notHosted = topics.filter((topic) => !hosted.includes(topic));
  t.diagnostic(
    `${tag}: joins + all-see-all in ${settleMs} ms; entities: ${topics
      .map((topic, i) => `t${i}@${hostOf.get(topic)}`)
      .join(" ")}; killing ${victimLabel} (hosts ${hosted.length}/${topics.length})`,
  );

  // Kill.
  const killedAt = Date.now();
  const exit = await victim.node.kill();
  assert.equal(exit.signal, "SIGKILL");
  for (const c of dead) closeSocket(c.socket);

  // Survivors converge to exactly the live presences: same keys, same metas, same phx_refs.
  const deadKeys = new Set(dead.map((c) => c.key));
  const expected = new Map(topics.map((topic) => [topic, before.get(topic).filter((e) => !deadKeys.has(e.key))]));
  const convergedAt = new Map(); // topic → ms after the kill when its last surviving view converged
  try {
    await Promise.all(
      topics.map(async (topic) => {
        const want = entriesText(expected.get(topic));
        await Promise.all(
          survivors.map((c) =>
            c.channels
              .get(topic)
              .view.until((v) => entriesText(v.entries()) === want, CONVERGE_WITHIN_MS, `exactly ${want}`),
          ),
        );
        convergedAt.set(topic, Date.now() - killedAt);
      }),
    );
  } catch (e) {
    // For the report: what each surviving client holds, whether it got a fresh presence_state, and
    // whether a broadcast still reaches the others.
    const probes = await Promise.all(topics.map((topic) => probeShout(topic, survivors)));
    const lists = topics
      .map(
        (topic, i) =>
          `t${i} (${topic}, entity on ${hostOf.get(topic)}; ${probes[i]}):\n` +
          survivors
            .map((c) => {
              const view = c.channels.get(topic).view;
              const fresh = view.states.filter((st) => st.at >= killedAt).length;
              return `    ${c.key} (fresh presence_states: ${fresh}) ${JSON.stringify(view.snapshot())}`;
            })
            .join("\n"),
      )
      .join("\n");
    const converged = topics
      .map((topic, i) => `t${i}=${convergedAt.has(topic) ? `${convergedAt.get(topic)} ms` : "no"}`)
      .join(" ");
    throw new Error(
      `${e.message}\nkilled ${victimLabel} (entities of ${hosted.map((x) => `t${topics.indexOf(x)}`)}); ` +
        `converged: ${converged}\nlists now:\n${lists}\nlogs:\n${logExcerpt(nodes)}`,
    );
  }
  const convergeMs = Math.max(...convergedAt.values());
  const per = (list) => list.map((topic) => `t${topics.indexOf(topic)}=${convergedAt.get(topic)}`).join(" ");
  t.diagnostic(
    `${tag}: kill → convergence ${convergeMs} ms (entity on the dead node: ${per(hosted) || "none"}; ` +
      `entity survived: ${per(notHosted) || "none"})`,
  );

  // No ghost comes back later (a late presence_state or diff).
  await sleep(2_000);
  for (const topic of topics) {
    for (const c of survivors) {
      assert.deepEqual(
        c.channels.get(topic).view.entries(),
        expected.get(topic),
        `${c.key}'s list on ${topic} (entity on ${hostOf.get(topic)}) 2 s after converging`,
      );
    }
  }

  // A restarted entity sends every member a fresh presence_state.
  for (const topic of hosted) {
    for (const c of survivors) {
      const fresh = c.channels.get(topic).view.states.filter((s) => s.at >= killedAt);
      assert.ok(fresh.length >= 1, `${c.key} got a fresh presence_state on ${topic} (its entity was on ${victimLabel})`);
    }
  }
  // Observations for the report: fresh states on surviving entities, and lists that lost a live key.
  const liveKeys = survivors.map((c) => c.key);
  const flickers = [];
  let statesOnSurvivingEntities = 0;
  for (const topic of topics) {
    for (const c of survivors) {
      const view = c.channels.get(topic).view;
      if (!hosted.includes(topic)) statesOnSurvivingEntities += view.states.filter((s) => s.at >= killedAt).length;
      const lacking = new Set();
      for (const h of view.history) {
        if (h.at >= killedAt) liveKeys.filter((k) => !(k in h.snapshot)).forEach((k) => lacking.add(k));
      }
      if (lacking.size) flickers.push(`${c.key}@t${topics.indexOf(topic)} lacked [${[...lacking]}]`);
    }
  }
  t.diagnostic(
    `${tag}: presence_states after the kill on surviving entities' topics: ${statesOnSurvivingEntities}; ` +
      `surviving views whose list briefly lacked a live presence: ${flickers.length}/${survivors.length * topics.length}` +
      (flickers.length ? ` (${flickers.join(", ")})` : ""),
  );

  // Broadcasts reach every surviving subscriber of every topic, exactly once.
  const sender = survivors[0];
  const api = nodes.find((n) => n.label !== victimLabel).node;
  for (const topic of topics) {
    const marker = unique("after");
    sender.channels.get(topic).channel.push("shout", { marker });
    const payload = { marker: unique("api") };
    const res = await postBroadcast(api, { topic, event: "news", payload }, { bearer: service() });
    assert.equal(res.status, 202, res.text);
    await Promise.all(
      survivors.map(async (c) => {
        const ch = c.channels.get(topic);
        if (c !== sender) assert.deepEqual(await ch.shout.next((p) => p.marker === marker, 5_000), { marker });
        assert.deepEqual(await ch.news.next((p) => p.marker === payload.marker, 5_000), payload);
      }),
    );
    await sleep(300);
    for (const c of survivors) {
      const ch = c.channels.get(topic);
      assert.equal(ch.shout.matching((p) => p.marker === marker).length, c === sender ? 0 : 1, `${c.key} shout on ${topic}`);
      assert.equal(ch.news.matching((p) => p.marker === payload.marker).length, 1, `${c.key} news on ${topic}`);
    }
  }

  assert.ok(hosted.length >= 1, `the dead node ${victimLabel} hosted at least one topic's entity`);
  assert.ok(notHosted.length >= 1, `at least one topic's entity survived on another node`);
  return { victimLabel, hosted: hosted.length, convergeMs };
}

test("kill a node that is not the oldest: no ghosts on any topic, broadcasts still arrive", { timeout: 100_000 }, async (t) => {
  await scenario(t, "r1", ["C", "B", "A"]);
});

test("kill the oldest node (shard coordinator, seed): no ghosts on any topic, broadcasts still arrive", { timeout: 100_000 }, async (t) => {
  await scenario(t, "r2", ["A", "B", "C"]);
});
