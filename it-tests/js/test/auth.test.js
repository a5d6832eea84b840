// Authentication at the WebSocket upgrade, and what a token lets a socket join.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  RawClient,
  join,
  joinOk,
  push,
  sleep,
  token,
  tryUpgrade,
  unique,
  useNode,
  withTimeout,
} from "./support/server.js";

const served = useNode({ name: "auth" });

const wsUrl = (query) => `${served.node.wsUrl}?${new URLSearchParams({ vsn: "2.0.0", ...query })}`;
const bearerProtocol = (tok) => `base64url.bearer.phx.${Buffer.from(tok).toString("base64url")}`;

const now = () => Math.floor(Date.now() / 1000);

const badTokens = {
  "a malformed token": () => "not-a-jwt",
  "a token signed with another secret": () => token({ sub: "u1", role: "admin" }, "some-other-secret-0123456789abcdef"),
  "an expired token": () => token({ sub: "u1", role: "admin", iat: now() - 7200, exp: now() - 3600 }),
  "a token whose signature was tampered with": () => {
    const [h, , sig] = token({ sub: "u1" }).split(".");
    const forged = Buffer.from(JSON.stringify({ sub: "u1", role: "admin", exp: now() + 3600 })).toString("base64url");
    return `${h}.${forged}.${sig}`;
  },
  "an alg=none token": () => {
    const h = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const p = Buffer.from(JSON.stringify({ sub: "u1", role: "admin", exp: now() + 3600 })).toString("base64url");
    return `${h}.${p}.`;
  },
};

for (const [what, make] of Object.entries(badTokens)) {
  test(`${what} in ?token= is refused at the upgrade with HTTP 403`, { timeout: 15_000 }, async () => {
    const r = await tryUpgrade(wsUrl({ token: make() }));
    assert.equal(r.opened, false, "the WebSocket must not open");
    assert.equal(r.statusCode, 403);
  });
}

test("an expired token via phoenix.js authToken (Sec-WebSocket-Protocol) is refused with 403", { timeout: 15_000 }, async () => {
  const bad = badTokens["an expired token"]();
  const r = await tryUpgrade(wsUrl({}), ["phoenix", bearerProtocol(bad)]);
  assert.equal(r.opened, false, "the WebSocket must not open");
  assert.equal(r.statusCode, 403);
});

test("no token: the socket opens anonymously; room:* joins, staff:* is unauthorized", { timeout: 15_000 }, async (t) => {
  const r = await tryUpgrade(wsUrl({}));
  assert.equal(r.opened, true);

  const s = await served.sock(t);
  const room = await join(s, `room:${unique("anon")}`);
  assert.equal(room.status, "ok");
  assert.deepEqual(room.response, {});
  const staff = await join(s, `staff:${unique("anon")}`);
  assert.equal(staff.status, "error");
  assert.deepEqual(staff.response, { reason: "unauthorized" });
});

test("a valid token in params: staff:* joins", { timeout: 15_000 }, async (t) => {
  const s = await served.sock(t, { token: token({ sub: "u1" }) });
  const r = await join(s, `staff:${unique("tok")}`);
  assert.equal(r.status, "ok", JSON.stringify(r.response));
  assert.deepEqual(r.response, {});
});

test("a valid token via phoenix.js authToken: the server picks the phoenix subprotocol and staff:* joins", { timeout: 15_000 }, async (t) => {
  const tok = token({ sub: "u1" });
  const r = await tryUpgrade(wsUrl({}), ["phoenix", bearerProtocol(tok)]);
  assert.equal(r.opened, true, `upgrade refused: ${r.statusCode}`);
  assert.equal(r.protocol, "phoenix");

  const s = await served.sock(t, { authToken: tok });
  const j = await join(s, `staff:${unique("auth")}`);
  assert.equal(j.status, "ok", JSON.stringify(j.response));
  assert.deepEqual(j.response, {});
});

test("role claim: notifications:* joins with role admin only", { timeout: 15_000 }, async (t) => {
  const topic = `notifications:${unique("role")}`;
  const staff = await served.sock(t, { token: token({ sub: "u1", role: "staff" }) });
  const admin = await served.sock(t, { authToken: token({ sub: "u2", role: "admin" }) });
  const r1 = await join(staff, topic);
  assert.equal(r1.status, "error");
  assert.deepEqual(r1.response, { reason: "unauthorized" });
  const r2 = await join(admin, topic);
  assert.equal(r2.status, "ok", JSON.stringify(r2.response));
  assert.deepEqual(r2.response, {});
});

test("a raw V2 client with a valid token joins staff:* and an anonymous one does not", { timeout: 15_000 }, async (t) => {
  const topic = `staff:${unique("raw")}`;
  const authed = await RawClient.connect(served.node.wsUrl, { token: token({ sub: "u1" }) });
  t.after(() => authed.close());
  const anon = await RawClient.connect(served.node.wsUrl);
  t.after(() => anon.close());
  assert.deepEqual(await authed.request(["1", "1", topic, "phx_join", {}]), [
    "1",
    "1",
    topic,
    "phx_reply",
    { status: "ok", response: {} },
  ]);
  assert.deepEqual(await anon.request(["1", "1", topic, "phx_join", {}]), [
    "1",
    "1",
    topic,
    "phx_reply",
    { status: "error", response: { reason: "unauthorized" } },
  ]);
});

test("a token that runs out while joined closes its authenticated channels; a pushed access_token keeps them", { timeout: 30_000 }, async (t) => {
  // exp 3 s ago is still inside the server's 5 s leeway: the socket connects, and its token runs out about 2 s later.
  const nearlyExpired = () => token({ sub: "u1", exp: Math.floor(Date.now() / 1000) - 3 });
  const expiring = await served.sock(t, { token: nearlyExpired() });
  const staff = await joinOk(expiring, `staff:${unique("exp")}`);
  const room = await joinOk(expiring, `room:${unique("exp")}`);
  const closed = new Promise((resolve) => staff.onClose(resolve));
  await withTimeout(closed, 10_000, "phx_close for the staff channel");
  assert.equal(staff.state, "closed", "phoenix.js does not rejoin a closed channel");
  assert.equal(room.state, "joined", "public channels stay");

  const refreshed = await served.sock(t, { token: nearlyExpired() });
  const kept = await joinOk(refreshed, `staff:${unique("kept")}`);
  const reply = await push(kept, "access_token", { access_token: token({ sub: "u1" }) });
  assert.equal(reply.status, "ok");
  await sleep(4_000);
  assert.equal(kept.state, "joined");
});
