// kanal.http.check-origin: which browser origins may open a socket.

import assert from "node:assert/strict";
import { test } from "node:test";
import { tryUpgrade, useNode, writeConfig } from "./support/server.js";

const served = useNode({
  name: "origin",
  configFile: writeConfig("origin", 'kanal.http.check-origin = ["http://localhost:5173", "//*.example.com"]\n'),
});

const upgradeFrom = (origin) =>
  tryUpgrade(`${served.node.wsUrl}?vsn=2.0.0`, undefined, 5_000, origin ? { origin } : undefined);

test("an allowed origin opens a socket; others are refused with 403; no Origin passes", { timeout: 20_000 }, async () => {
  assert.equal((await upgradeFrom("http://localhost:5173")).opened, true);
  assert.equal((await upgradeFrom("https://kitchen.example.com")).opened, true);
  assert.equal((await upgradeFrom(undefined)).opened, true);

  for (const origin of ["http://localhost:5174", "https://evil.test", "https://example.com"]) {
    const refused = await upgradeFrom(origin);
    assert.equal(refused.opened, false, origin);
    assert.equal(refused.statusCode, 403, origin);
  }
});
