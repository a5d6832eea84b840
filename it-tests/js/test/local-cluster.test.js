// deploy/local-cluster.sh run for real: three nodes of the server jar form one cluster, a broadcast
// crosses it, and `stop` leaves no node running.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { readiness, waitConverged } from "./support/cluster.js";
import { JAR, JS_DIR, RawClient, SECRET, closeAllClients, postBroadcast, token, unique } from "./support/server.js";

const SCRIPT = path.resolve(JS_DIR, "..", "..", "deploy", "local-cluster.sh");
const NODES = 3;

fs.mkdirSync(path.resolve(JS_DIR, "..", "target"), { recursive: true });
/** The script's working directory: it keeps data/cluster (logs, pid files, H2 stores) here. */
const cwd = fs.mkdtempSync(path.resolve(JS_DIR, "..", "target", "local-cluster-"));
const clusterDir = path.join(cwd, "data", "cluster");

const env = { ...process.env, KANAL_JAR: JAR, KANAL_JWT_SECRET: SECRET };
// One H2 file per node, whatever the caller's environment says.
delete env.KANAL_DB_URL;

/** Runs the script; resolves with its exit code and output, however it exits. */
function run(args, timeoutMs) {
  return new Promise((resolve) => {
    execFile(SCRIPT, args, { cwd, env, timeout: timeoutMs }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr });
    });
  });
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/** A base port P whose P+1..P+N (HTTP) and P+101..P+100+N (cluster) were free a moment ago. */
async function freeBase() {
  for (let attempt = 0; attempt < 50; attempt++) {
    // Below Linux's ephemeral range (32768+), where outgoing connections take their ports.
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const ports = [];
    for (let k = 1; k <= NODES; k++) ports.push(base + k, base + 100 + k);
    let free = true;
    for (const port of ports) {
      if (!(await portFree(port))) {
        free = false;
        break;
      }
    }
    if (free) return base;
  }
  throw new Error("no free base port found");
}

/** Whether a process runs: gone, or exited and not yet reaped (a zombie), count as not running. */
function running(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code === "ESRCH") return false;
    throw e;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return true;
  }
}

let base;
let started;
let nodes = [];
let stopped = false;

before(async () => {
  base = await freeBase();
  // The script gives up by itself after 120 s; this bound is only for a script that hangs.
  started = await run(["start", String(NODES), "--base-port", String(base)], 200_000);
  assert.equal(started.code, 0, `start failed:\n${started.stderr}`);
  nodes = started.stdout
    .trim()
    .split("\n")
    .map((line) => {
      const m = /^node (\d+) (http:\/\/127\.0\.0\.1:(\d+)) pid (\d+)$/.exec(line);
      assert.ok(m, `unexpected start output line: ${JSON.stringify(line)}`);
      return { k: Number(m[1]), httpUrl: m[2], port: Number(m[3]), pid: Number(m[4]) };
    });
}, { timeout: 210_000 });

after(async () => {
  closeAllClients();
  if (!stopped) {
    const res = await run(["stop"], 60_000);
    if (res.code !== 0) console.error(`local-cluster.sh stop failed (${res.code}):\n${res.stdout}${res.stderr}`);
  }
  // A last resort should stop itself have failed: no node may outlive the test.
  for (const { pid } of nodes) {
    if (running(pid)) process.kill(pid, "SIGKILL");
  }
}, { timeout: 70_000 });

test("start prints one line per node: its port and the pid in its pid file", () => {
  assert.deepEqual(nodes.map((n) => n.k), [1, 2, 3]);
  for (const node of nodes) {
    assert.equal(node.port, base + node.k, `node ${node.k}'s HTTP port`);
    assert.ok(running(node.pid), `node ${node.k} (pid ${node.pid}) runs`);
    assert.equal(fs.readFileSync(path.join(clusterDir, `node${node.k}.pid`), "utf8").trim(), String(node.pid));
  }
  assert.match(started.stderr, /warning: KANAL_DB_URL is not set.*PostgreSQL/);
});

test("every node is ready and sees three members", { timeout: 40_000 }, async () => {
  await waitConverged(nodes.map((node) => ({ label: `node ${node.k}`, node })));
  for (const node of nodes) {
    const ready = await readiness(node);
    assert.equal(ready.status, 200, `node ${node.k}: ${JSON.stringify(ready)}`);
  }
});

test("a broadcast POSTed to node 1 reaches a client on node 3", { timeout: 40_000 }, async () => {
  const [first, , third] = nodes;
  const topic = `room:${unique("lc")}`;
  const client = await RawClient.connect(`ws://127.0.0.1:${third.port}/socket/websocket`);
  const reply = await client.request(["1", "1", topic, "phx_join", {}]);
  assert.equal(reply[4].status, "ok", JSON.stringify(reply));

  // Up members may still be settling their pub-sub: retry with fresh markers for a while.
  const bearer = token({ sub: "backend", role: "service" });
  const deadline = Date.now() + 20_000;
  let payload;
  let frame;
  while (frame === undefined && Date.now() < deadline) {
    payload = { marker: unique("m") };
    const res = await postBroadcast(first, { topic, event: "news", payload }, { bearer });
    assert.equal(res.status, 202, res.text);
    const sent = payload;
    frame = await client
      .next((f) => Array.isArray(f) && f[3] === "news" && f[4]?.marker === sent.marker, 2_000)
      .catch(() => undefined);
  }
  assert.ok(frame, "no broadcast from node 1 reached node 3 within 20 s");
  assert.deepEqual(frame, [null, null, topic, "news", payload]);
});

test("stop ends every node, removes the pid files and keeps the logs", { timeout: 70_000 }, async () => {
  closeAllClients();
  const res = await run(["stop"], 60_000);
  stopped = true;
  assert.equal(res.code, 0, res.stderr);
  for (const node of nodes) {
    assert.match(res.stdout, new RegExp(`^stopped node ${node.k} \\(pid ${node.pid}\\)$`, "m"));
    assert.ok(!running(node.pid), `node ${node.k} (pid ${node.pid}) still runs after stop`);
    assert.ok(!fs.existsSync(path.join(clusterDir, `node${node.k}.pid`)), `node${node.k}.pid removed`);
    assert.ok(fs.statSync(path.join(clusterDir, `node${node.k}.log`)).size > 0, `node${node.k}.log kept`);
  }
});
