// POST /api/broadcast: who may call it, what it refuses, and what subscribers receive.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  Inbox,
  RawClient,
  joinOk,
  postBroadcast,
  sleep,
  token,
  unique,
  useNode,
} from "./support/server.js";

const served = useNode({ name: "api" });

const service = () => token({ sub: "backend", role: "service" });

test("a service token gets 202 and every subscriber of the topic receives the event", { timeout: 15_000 }, async (t) => {
  const topic = `room:${unique("api")}`;
  const s1 = await served.sock(t);
  const s2 = await served.sock(t);
  const in1 = new Inbox(await joinOk(s1, topic), "news");
  const in2 = new Inbox(await joinOk(s2, topic), "news");
  const outsider = await served.sock(t);
  const inOut = new Inbox(await joinOk(outsider, `room:${unique("other")}`), "news");

  const payload = { marker: unique("m"), text: "héllo ✓", n: 42, list: [1, { a: null }], flag: false };
  const res = await postBroadcast(served.node, { topic, event: "news", payload }, { bearer: service() });
  assert.equal(res.status, 202, res.text);
  assert.deepEqual(await in1.next(), payload);
  assert.deepEqual(await in2.next(), payload);
  await sleep(300);
  assert.equal(in1.items.length, 1, "delivered once");
  assert.equal(in2.items.length, 1, "delivered once");
  assert.deepEqual(inOut.items, [], "other topics receive nothing");
});

test("an admin token is accepted too, and a raw client sees [null, null, topic, event, payload]", { timeout: 15_000 }, async (t) => {
  const topic = `room:${unique("admin")}`;
  const c = await RawClient.connect(served.node.wsUrl);
  t.after(() => c.close());
  await c.request(["1", "1", topic, "phx_join", {}]);
  const payload = { marker: unique("m") };
  const res = await postBroadcast(served.node, { topic, event: "news", payload }, { bearer: token({ sub: "ops", role: "admin" }) });
  assert.equal(res.status, 202, res.text);
  const frame = await c.next((f) => Array.isArray(f) && f[3] === "news");
  assert.deepEqual(frame, [null, null, topic, "news", payload]);
});

test("server-kind channels (notifications:*) receive API messages", { timeout: 15_000 }, async (t) => {
  const topic = `notifications:${unique("srv")}`;
  const s = await served.sock(t, { token: token({ sub: "u1", role: "admin" }) });
  const inbox = new Inbox(await joinOk(s, topic), "alert");
  const payload = { marker: unique("m"), level: "high" };
  const res = await postBroadcast(served.node, { topic, event: "alert", payload }, { bearer: service() });
  assert.equal(res.status, 202, res.text);
  assert.deepEqual(await inbox.next(), payload);
});

test("refusals: 401 without a token, 403 for a non-service role, 400 for bad bodies, 422 for an unmatched topic; nothing is delivered", { timeout: 20_000 }, async (t) => {
  const topic = `room:${unique("refused")}`;
  const s = await served.sock(t);
  const channel = await joinOk(s, topic);
  const inbox = new Inbox(channel, "news");

  const body = { topic, event: "news", payload: { marker: "refused" } };

  const noToken = await postBroadcast(served.node, body);
  assert.equal(noToken.status, 401, `no token: ${noToken.text}`);

  const staff = await postBroadcast(served.node, body, { bearer: token({ sub: "u1", role: "staff" }) });
  assert.equal(staff.status, 403, `role staff: ${staff.text}`);

  const noRole = await postBroadcast(served.node, body, { bearer: token({ sub: "u1" }) });
  assert.equal(noRole.status, 403, `no role claim: ${noRole.text}`);

  const notJson = await postBroadcast(served.node, "this is not json", { bearer: service() });
  assert.equal(notJson.status, 400, `not JSON: ${notJson.text}`);

  for (const missing of ["topic", "event", "payload"]) {
    const partial = { ...body };
    delete partial[missing];
    const r = await postBroadcast(served.node, partial, { bearer: service() });
    assert.equal(r.status, 400, `missing ${missing}: ${r.text}`);
  }

  const unmatched = await postBroadcast(
    served.node,
    { topic: `nomatch:${unique("x")}`, event: "news", payload: {} },
    { bearer: service() },
  );
  assert.equal(unmatched.status, 422, `unmatched topic: ${unmatched.text}`);

  // None of the refused requests reached the subscriber; an accepted one does.
  const marker = unique("ok");
  const accepted = await postBroadcast(served.node, { topic, event: "news", payload: { marker } }, { bearer: service() });
  assert.equal(accepted.status, 202, accepted.text);
  assert.deepEqual(await inbox.next((p) => p.marker === marker), { marker });
  await sleep(200);
  assert.deepEqual(inbox.items, [{ marker }]);
});
