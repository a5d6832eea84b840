// kanal.http.check-origin: which browser origins may open a socket; kanal.http.cors-origins: which
// may call the HTTP API from a page.

import assert from "node:assert/strict";
import { test } from "node:test";
import { tryUpgrade, useNode, writeConfig } from "./support/server.js";

const served = useNode({
  name: "origin",
  configFile: writeConfig(
    "origin",
    'kanal.http.check-origin = ["http://localhost:5173", "//*.example.com"]\n' +
      'kanal.http.cors-origins = ["http://localhost:5173"]\n' +
      "kanal.collections.note { fields { title { type = string } } }\n",
  ),
});

const upgradeFrom = (origin, url = `${served.node.wsUrl}?vsn=2.0.0`) =>
  tryUpgrade(url, undefined, 5_000, origin ? { origin } : undefined);

test("an allowed origin opens a socket; others are refused with 403; no Origin passes", { timeout: 20_000 }, async () => {
  const supabase = `ws://127.0.0.1:${served.node.port}/realtime/v1/websocket?vsn=2.0.0`;
  for (const url of [`${served.node.wsUrl}?vsn=2.0.0`, supabase]) {
    assert.equal((await upgradeFrom("http://localhost:5173", url)).opened, true, url);
    assert.equal((await upgradeFrom("https://kitchen.example.com", url)).opened, true, url);
    assert.equal((await upgradeFrom(undefined, url)).opened, true, url);

    for (const origin of ["http://localhost:5174", "https://evil.test", "https://example.com"]) {
      const refused = await upgradeFrom(origin, url);
      assert.equal(refused.opened, false, `${url} from ${origin}`);
      assert.equal(refused.statusCode, 403, `${url} from ${origin}`);
    }
  }
});

test("CORS: a named origin gets a preflight 204 and its origin echoed with credentials, errors included", { timeout: 20_000 }, async () => {
  const url = `${served.node.httpUrl}/api/collections/note/records`;
  const preflight = await fetch(url, {
    method: "OPTIONS",
    headers: {
      origin: "http://localhost:5173",
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "http://localhost:5173");
  assert.equal(preflight.headers.get("access-control-allow-credentials"), "true");
  for (const method of ["POST", "PATCH", "DELETE"]) {
    assert.match(preflight.headers.get("access-control-allow-methods"), new RegExp(method));
  }
  assert.match(preflight.headers.get("access-control-allow-headers").toLowerCase(), /content-type/);

  const list = await fetch(url, { headers: { origin: "http://localhost:5173" } });
  assert.equal(list.status, 200);
  assert.equal(list.headers.get("access-control-allow-origin"), "http://localhost:5173");
  assert.equal(list.headers.get("access-control-allow-credentials"), "true");

  const refused = await fetch(url, { method: "POST", headers: { origin: "http://localhost:5173" }, body: "{}" });
  assert.equal(refused.status, 401, "no token");
  assert.equal(refused.headers.get("access-control-allow-origin"), "http://localhost:5173", "so the page can read the error");

  const missing = await fetch(`${served.node.httpUrl}/api/nowhere`, { headers: { origin: "http://localhost:5173" } });
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get("access-control-allow-origin"), "http://localhost:5173");

  const other = await fetch(url, { headers: { origin: "https://evil.test" } });
  assert.equal(other.status, 200, "CORS is the browser's check; the server just does not allow it");
  assert.equal(other.headers.get("access-control-allow-origin"), null);
  const otherPreflight = await fetch(url, {
    method: "OPTIONS",
    headers: { origin: "https://evil.test", "access-control-request-method": "POST" },
  });
  assert.equal(otherPreflight.headers.get("access-control-allow-origin"), null);
});
