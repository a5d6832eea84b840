// SIGTERM drains a node: it closes its sockets so that clients reconnect to another node and keep
// their channels, and it exits on its own within the shutdown deadline.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Socket } from "phoenix";
import WebSocket from "ws";
import { Inbox, closeAllClients, freePorts, postBroadcast, sleep, startNode, token, unique } from "./support/server.js";

let a;
let b;

before(async () => {
  const [portA, clusterA, portB, clusterB] = await freePorts(4);
  b = await startNode({ name: "drain-b", port: portB, clusterPort: clusterB, seeds: [clusterB] });
  a = await startNode({ name: "drain-a", port: portA, clusterPort: clusterA, seeds: [clusterB] });
});

after(async () => {
  closeAllClients();
  await Promise.all([a?.stop(), b?.stop()]);
});

test("a client of a node that gets SIGTERM reconnects elsewhere and keeps its channel", { timeout: 90_000 }, async (t) => {
  const topic = `room:${unique("drain")}`;
  // As behind a load balancer: the next connection attempt goes to a node that is still up.
  const socket = new Socket(a.url, { transport: WebSocket, reconnectAfterMs: () => 200, rejoinAfterMs: () => 200 });
  t.after(() => socket.disconnect());
  let closes = 0;
  socket.onClose(() => {
    closes += 1;
    socket.endPoint = `${b.url}/websocket`;
  });
  socket.connect();
  const channel = socket.channel(topic, {});
  const joined = new Promise((resolve) => channel.join().receive("ok", resolve));
  await joined;
  const news = new Inbox(channel, "news");

  const started = Date.now();
  const exit = await a.stop();
  const took = Date.now() - started;
  assert.notEqual(exit.killed, true, "the node exited on its own, without SIGKILL");
  assert.ok(took < 10_000, `exited after ${took} ms`);
  assert.ok(closes >= 1, "the node closed the socket before it went");

  const service = token({ sub: "backend", role: "service" });
  const deadline = Date.now() + 20_000;
  let marker;
  while (Date.now() < deadline) {
    marker = unique("m");
    assert.equal((await postBroadcast(b, { topic, event: "news", payload: { marker } }, { bearer: service })).status, 202);
    try {
      await news.next((p) => p.marker === marker, 500);
      break;
    } catch {
      await sleep(200);
    }
  }
  assert.ok(news.items.some((p) => p.marker === marker), "the rejoined channel receives broadcasts from the other node");
  assert.ok(socket.isConnected());
});
