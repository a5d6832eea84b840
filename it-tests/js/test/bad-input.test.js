// Bad input from one socket gets that socket a clear error or a close, while a well-behaved socket
// on the same node keeps receiving a steady broadcast stream without loss, and the node keeps serving.

import assert from "node:assert/strict";
import { test } from "node:test";
import { RawClient, metric, postBroadcast, sleep, token, unique, useNode, writeConfig } from "./support/server.js";

const MAX_FRAME = 65_536;
const served = useNode({
  name: "bad-input",
  configFile: writeConfig("bad-input", `kanal.limits.max-frame-bytes = ${MAX_FRAME}\n`),
});

/** A V2 binary push (kind 0) whose topic length header claims more bytes than the frame holds. */
function lyingBinaryPush() {
  const header = Buffer.from([0, 1, 1, 200, 5]);
  return Buffer.concat([header, Buffer.from("1" + "1" + "room:x" + "shout")]);
}

const BAD_FRAMES = {
  "malformed JSON": "{nope",
  "a JSON object instead of a V2 array": '{"topic":"phoenix"}',
  "an array of the wrong length": "[1,2]",
  "null everywhere": "[null,null,null,null,null]",
  "a number where the topic goes": '[null,"1",5,"heartbeat",{}]',
  "a push to a topic never joined": '[null,"1","room:nowhere","shout",{}]',
  "an unknown phx_ event": '[null,"1","phoenix","phx_nonsense",{}]',
  "nesting 10,000 deep": `[null,"1","phoenix","heartbeat",${"[".repeat(10_000)}${"]".repeat(10_000)}]`,
  // Valid JSON, so a heartbeat with it may simply be answered; what matters is that nothing breaks.
  "a huge number": '[null,"1","phoenix","heartbeat",{"n":1e999999999}]',
  "a huge integer": `[null,"1","phoenix","heartbeat",{"n":${"9".repeat(5_000)}}]`,
  "invalid UTF-8": Buffer.from([0x5b, 0x6e, 0xff, 0xfe, 0x5d]),
  "a binary frame with a lying length header": lyingBinaryPush(),
  "a frame over max-frame-bytes": `[null,"1","phoenix","heartbeat",{"pad":"${"x".repeat(MAX_FRAME)}"}]`,
};

test("each bad frame gets its socket an error or a close; a steady stream elsewhere loses nothing", { timeout: 120_000 }, async () => {
  const topic = `room:${unique("steady")}`;
  const listener = await RawClient.connect(served.node.wsUrl);
  assert.equal((await listener.request(["1", "1", topic, "phx_join", {}]))[4].status, "ok");

  const service = token({ sub: "backend", role: "service" });
  let sent = 0;
  let streaming = true;
  const stream = (async () => {
    while (streaming && sent < 2_000) {
      const res = await postBroadcast(served.node, { topic, event: "tick", payload: { n: sent } }, { bearer: service });
      if (res.status !== 202) throw new Error(`broadcast ${sent}: ${res.status} ${res.text}`);
      sent += 1;
      await sleep(10);
    }
  })();

  try {
    for (const [name, frame] of Object.entries(BAD_FRAMES)) {
      const bad = await RawClient.connect(served.node.wsUrl);
      if (typeof frame === "string") bad.ws.send(frame);
      else bad.ws.send(frame, { binary: name.startsWith("a binary") });
      const outcome = await bad.next(
        (f) => bad.closed || (Array.isArray(f) && f[3] === "phx_reply"),
        5_000,
        `a reply or a close for ${name}`,
      ).catch(() => (bad.closed ? "closed" : undefined));
      assert.ok(outcome !== undefined || bad.closed, `${name}: neither a reply nor a close`);
      if (!bad.closed && Array.isArray(outcome)) {
        if (name !== "a huge number") {
          assert.equal(outcome[4].status, "error", `${name}: refused`);
          assert.equal(typeof outcome[4].response.reason, "string", `${name}: the error says why`);
        }
        const alive = await bad.request([null, "h", "phoenix", "heartbeat", {}]);
        assert.equal(alive[4].status, "ok", `${name}: the socket stays usable after an error reply`);
      }
      if (name === "a frame over max-frame-bytes") {
        const why = bad.matching((f) => Array.isArray(f) && f[2] === "phoenix" && f[3] === "phx_error");
        assert.match(why[0]?.[4]?.reason ?? "", /max-frame-bytes/, "the last frame before the close says why");
      }
      bad.close();
    }
  } finally {
    streaming = false;
  }
  await stream;
  await listener.next((f) => f[3] === "tick" && f[4].n === sent - 1, 15_000, "the last tick");
  const ticks = listener.matching((f) => f[3] === "tick").map((f) => f[4].n);
  assert.deepEqual(ticks, Array.from({ length: sent }, (_, i) => i), "every tick, in order, once");

  assert.equal(await metric(served.node, 'kanal_socket_closes_total{reason="frame_too_large"}'), 1);
  assert.ok((await metric(served.node, 'kanal_refusals_total{limit="malformed_frame"}')) >= 5, "malformed frames are counted");

  const fresh = await RawClient.connect(served.node.wsUrl);
  assert.equal((await fresh.request([null, "1", "phoenix", "heartbeat", {}]))[4].status, "ok", "the node still serves");
  fresh.close();
  listener.close();
});
