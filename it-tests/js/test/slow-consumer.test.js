// A subscriber that stops reading is dropped once its outbound buffer is full; the topic and the
// other subscribers keep going, and nothing is lost for them.

import assert from "node:assert/strict";
import { test } from "node:test";
import { RawClient, metric, postBroadcast, sleep, token, unique, useNode, writeConfig } from "./support/server.js";

const BUFFER = 32;
const served = useNode({
  name: "slow-consumer",
  configFile: writeConfig("slow-consumer", `kanal.limits.outbound-buffer = ${BUFFER}\n`),
});

test("a socket that stops reading is dropped and counted; a reading socket gets every broadcast", { timeout: 90_000 }, async () => {
  const topic = `room:${unique("slow")}`;
  const url = served.node.wsUrl;
  const reader = await RawClient.connect(url);
  const stalled = await RawClient.connect(url);
  for (const [client, ref] of [[reader, "1"], [stalled, "1"]]) {
    const reply = await client.request([ref, ref, topic, "phx_join", {}]);
    assert.equal(reply[4].status, "ok");
  }
  // The stalled client stops reading: the kernel buffers fill, then the server's outbound buffer.
  stalled.ws._socket.pause();

  const service = token({ sub: "backend", role: "service" });
  const filler = "x".repeat(64 * 1024);
  let sent = 0;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && sent < 3_000) {
    const res = await postBroadcast(served.node, { topic, event: "tick", payload: { n: sent, filler } }, { bearer: service });
    assert.equal(res.status, 202, res.text);
    sent += 1;
    if (sent % 50 === 0 && (await metric(served.node, 'kanal_socket_closes_total{reason="slow_consumer"}')) >= 1) break;
  }
  assert.equal(await metric(served.node, 'kanal_socket_closes_total{reason="slow_consumer"}'), 1, `after ${sent} broadcasts`);

  await reader.next((f) => f[3] === "tick" && f[4].n === sent - 1, 30_000, "the last broadcast");
  const ticks = reader.matching((f) => f[3] === "tick").map((f) => f[4].n);
  assert.deepEqual(ticks, Array.from({ length: sent }, (_, i) => i), "the reading socket got every broadcast, in order");

  stalled.ws._socket.resume();
  const deadlineClose = Date.now() + 20_000;
  while (!stalled.closed && Date.now() < deadlineClose) await sleep(100);
  assert.equal(stalled.closed, true, "the stalled socket was closed by the server");
  reader.close();
});
