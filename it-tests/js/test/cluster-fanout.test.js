// Three nodes form a cluster by Pekko Management Cluster Bootstrap (config discovery standing in for
// the Kubernetes API, which these machines do not have), and one broadcast to 1,000 subscribers
// spread over them crosses to each node once and is encoded there once: the nodes' own counters
// show it, whatever the subscriber count.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { waitConverged } from "./support/cluster.js";
import { RawClient, closeAllClients, freePorts, metric, postBroadcast, startNode, token, unique, writeConfig } from "./support/server.js";

const NODES = 3;
const SUBSCRIBERS = 1_000;
const CONNECT_BATCH = 50;

let nodes = [];
let managementPorts = [];
const subscribers = [];

before(async () => {
  const ports = await freePorts(NODES * 3);
  managementPorts = ports.slice(2 * NODES);
  const endpoints = managementPorts.map((p) => `{ host = "127.0.0.1", port = ${p} }`).join(", ");
  const configFile = writeConfig(
    "cluster-fanout",
    `kanal.cluster.formation = bootstrap
kanal.cluster.bootstrap { discovery-method = config, required-contact-points = ${NODES} }
pekko.discovery.config.services.kanal.endpoints = [ ${endpoints} ]
# Discovery answers at once here; the defaults wait for a stable answer as Kubernetes needs.
pekko.management.cluster.bootstrap.contact-point-discovery.stable-margin = 1s
pekko.management.cluster.bootstrap.contact-point-discovery.interval = 500ms
# All nodes share one host here, each with its own management port; keep them all as contact points.
pekko.management.cluster.bootstrap.contact-point.filter-on-fallback-port = false
# No presence, so the only traffic on the topic is the broadcast being counted.
kanal.channels = [ { pattern = "fan:*", kind = broadcast, join = public } ]
`,
  );
  const results = await Promise.allSettled(
    Array.from({ length: NODES }, (_, i) =>
      startNode({
        name: `fanout-${i + 1}`,
        port: ports[i],
        clusterPort: ports[NODES + i],
        configFile,
        env: { KANAL_MANAGEMENT_PORT: managementPorts[i] },
        readyTimeoutMs: 90_000,
      }),
    ),
  );
  nodes = results.filter((r) => r.status === "fulfilled").map((r) => r.value);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
});

after(async () => {
  closeAllClients();
  await Promise.all(nodes.map((n) => n.stop()));
});

test("bootstrap forms one cluster of every discovered node, shown by the management endpoint", { timeout: 60_000 }, async () => {
  await waitConverged(nodes.map((node, i) => ({ label: `node ${i + 1}`, node })));
  for (const [i, node] of nodes.entries()) {
    const members = await (await fetch(`http://127.0.0.1:${managementPorts[i]}/cluster/members`)).json();
    const up = members.members.filter((m) => m.status === "Up").map((m) => m.node).sort();
    assert.deepEqual(
      up,
      nodes.map((n) => `pekko://kanal@127.0.0.1:${n.clusterPort}`).sort(),
      `node ${i + 1}'s /cluster/members lists the three nodes Up`,
    );
  }
});

test("one broadcast to 1,000 subscribers over three nodes reaches each node once, encoded there once", { timeout: 180_000 }, async () => {
  const topic = `fan:${unique("screens")}`;
  for (let start = 0; start < SUBSCRIBERS; start += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, SUBSCRIBERS - start) }, async (_, j) => {
      const node = nodes[(start + j) % NODES];
      const client = await RawClient.connect(node.wsUrl, { timeoutMs: 15_000 });
      const reply = await client.request(["1", "1", topic, "phx_join", {}], 15_000);
      assert.equal(reply[4].status, "ok", `join ${start + j}`);
      return client;
    });
    subscribers.push(...(await Promise.all(batch)));
  }

  const counters = async (node) => ({
    received: await metric(node, 'kanal_fanout_received_total{kind="broadcast"}'),
    encoded: await metric(node, 'kanal_frames_encoded_total{dialect="phoenix",vsn="2.0.0"}').catch(() => 0),
    delivered: await metric(node, "kanal_deliveries_total"),
  });
  const before = await Promise.all(nodes.map(counters));

  const service = token({ sub: "backend", role: "service" });
  const marker = unique("once");
  const res = await postBroadcast(nodes[0], { topic, event: "show", payload: { marker } }, { bearer: service });
  assert.equal(res.status, 202, res.text);
  await Promise.all(
    subscribers.map((c, i) => c.next((f) => f[3] === "show" && f[4].marker === marker, 30_000, `subscriber ${i}'s broadcast`)),
  );

  const afterCounts = await Promise.all(nodes.map(counters));
  const perNode = nodes.map((_, i) => subscribers.filter((_, k) => k % NODES === i).length);
  nodes.forEach((_, i) => {
    const delta = (key) => afterCounts[i][key] - before[i][key];
    assert.equal(delta("received"), 1, `node ${i + 1}'s fan-out received the broadcast once`);
    assert.equal(delta("encoded"), 1, `node ${i + 1} encoded it once for its V2 sockets`);
    assert.equal(delta("delivered"), perNode[i], `node ${i + 1} handed it to each of its ${perNode[i]} sockets`);
  });
  for (const [i, c] of subscribers.entries()) {
    assert.equal(c.matching((f) => f[3] === "show").length, 1, `subscriber ${i} got it exactly once`);
  }
});
