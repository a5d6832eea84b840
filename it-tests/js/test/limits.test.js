// Per-node and per-socket limits from kanal.limits, against a real node.

import assert from "node:assert/strict";
import { test } from "node:test";
import { RawClient, metric, sleep, tryUpgrade, unique, useNode, writeConfig } from "./support/server.js";

const served = useNode({
  name: "limits",
  configFile: writeConfig("limits", "kanal.limits { max-connections = 2, events-per-second = 3 }\n"),
});

const url = () => `${served.node.wsUrl}?vsn=2.0.0`;
const OK_EMPTY = { status: "ok", response: {} };

test("past max-connections the upgrade is refused with 503, and a freed place is taken again", { timeout: 20_000 }, async (t) => {
  const a = await RawClient.connect(served.node.wsUrl);
  const b = await RawClient.connect(served.node.wsUrl);
  t.after(() => b.close());

  const refused = await tryUpgrade(url());
  assert.equal(refused.opened, false);
  assert.equal(refused.statusCode, 503);
  assert.equal(await metric(served.node, 'kanal_refusals_total{limit="max_connections"}'), 1, "counted in /metrics");

  a.close();
  let again;
  for (let i = 0; i < 50; i++) {
    again = await tryUpgrade(url());
    if (again.opened) break;
    await sleep(100);
  }
  assert.equal(again.opened, true, "a place given back is free again");
});

test("pushes past events-per-second get an error reply; the socket stays joined", { timeout: 20_000 }, async (t) => {
  const topic = `room:${unique("rate")}`;
  const c = await RawClient.connect(served.node.wsUrl);
  t.after(() => c.close());
  const joinPayload = { config: { broadcast: { ack: true } } };
  assert.deepEqual(await c.request(["1", "1", topic, "phx_join", joinPayload]), ["1", "1", topic, "phx_reply", OK_EMPTY]);

  const replies = [];
  for (let i = 0; i < 4; i++) {
    c.send(["1", `p${i}`, topic, "shout", { i }]);
  }
  for (let i = 0; i < 4; i++) {
    replies.push(await c.next((f) => Array.isArray(f) && f[1] === `p${i}` && f[3] === "phx_reply", 5_000, `reply p${i}`));
  }
  assert.deepEqual(replies.slice(0, 3).map((r) => r[4]), [OK_EMPTY, OK_EMPTY, OK_EMPTY]);
  assert.deepEqual(replies[3], ["1", "p3", topic, "phx_reply", { status: "error", response: { reason: "too many events per second" } }]);
  assert.equal(await metric(served.node, 'kanal_refusals_total{limit="events_per_second"}'), 1, "counted in /metrics");

  await sleep(1_100);
  assert.deepEqual(await c.request(["1", "p9", topic, "shout", {}]), ["1", "p9", topic, "phx_reply", OK_EMPTY]);
});
