// Helpers for the end-to-end tests: a Kanal server process, HS256 tokens, phoenix.js sockets and
// raw V2/V1 WebSocket frames. Everything here waits with a deadline; nothing loops unbounded.

import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { Socket } from "phoenix";
import WebSocket from "ws";

const here = path.dirname(fileURLToPath(import.meta.url));
/** it-tests/js */
export const JS_DIR = path.resolve(here, "..", "..");
/** it-tests/target/logs */
export const LOG_DIR = path.resolve(JS_DIR, "..", "target", "logs");
export const JAR = process.env.KANAL_JAR
  ? path.resolve(JS_DIR, process.env.KANAL_JAR)
  : path.resolve(JS_DIR, "..", "..", "server", "target", "kanal-server.jar");

/** The secret every test node verifies tokens with. */
export const SECRET = "kanal-it-secret-0123456789abcdef0123456789abcdef";

// ---------------------------------------------------------------------------------------------
// Small utilities

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Rejects with `message` after `ms` unless `promise` settles first. `message` may be a function,
 * called at the timeout, to describe the state then.
 */
export function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      const text = typeof message === "function" ? message() : message;
      reject(new Error(`timed out after ${ms} ms: ${text}`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(count) {
  const ports = new Set();
  for (let i = 0; ports.size < count && i < count * 20; i++) {
    ports.add(await freePort());
  }
  if (ports.size < count) throw new Error(`could not find ${count} free ports`);
  return [...ports];
}

let uniqueCounter = 0;
/** A string unique within this test process, for topics and markers. */
export function unique(prefix = "u") {
  uniqueCounter += 1;
  return `${prefix}${process.pid}-${Date.now().toString(36)}-${uniqueCounter}`;
}

// ---------------------------------------------------------------------------------------------
// Server processes

const running = new Set();

function killAllNow() {
  for (const child of running) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
  running.clear();
}
process.on("exit", killAllNow);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.once(signal, () => {
    killAllNow();
    process.exit(130);
  });
}

function tail(file, lines = 60) {
  try {
    const text = fs.readFileSync(file, "utf8");
    return text.split("\n").slice(-lines).join("\n");
  } catch (e) {
    return `(no log: ${e.message})`;
  }
}

/**
 * Starts `java -jar $KANAL_JAR` and waits until GET /health/ready answers 200.
 *
 * @param {object} [opts]
 * @param {number} [opts.port] HTTP/WebSocket port (free one if absent)
 * @param {number} [opts.clusterPort] Pekko remoting port (free one if absent)
 * @param {number[]} [opts.seeds] cluster ports of the seed nodes on 127.0.0.1; empty = cluster of one
 * @param {object} [opts.env] extra environment; KANAL_JWT_SECRET defaults to SECRET (null removes it)
 * @param {string} [opts.configFile] passed as -Dconfig.file=FILE
 *   (env KANAL_DB_URL etc. choose the store; by default a fresh H2 file per node)
 * @param {string} [opts.name] log file name prefix
 * @param {number} [opts.readyTimeoutMs]
 * @param {string} [opts.jar] the jar to run (default JAR, i.e. $KANAL_JAR)
 * @returns {Promise<{port:number, clusterPort:number, url:string, wsUrl:string, realtimeUrl:string, httpUrl:string, logFile:string,
 *   pid:number, stop:() => Promise<void>, kill:() => Promise<object>}>}
 */
export async function startNode(opts = {}) {
  const jar = opts.jar ?? JAR;
  if (!fs.existsSync(jar)) {
    throw new Error(`server jar not found: ${jar}${opts.jar ? "" : " (set KANAL_JAR)"}`);
  }
  const port = opts.port ?? (await freePort());
  let clusterPort = opts.clusterPort;
  while (clusterPort === undefined || clusterPort === port) clusterPort = await freePort();
  const seeds = opts.seeds ?? [];
  const name = opts.name ?? "node";
  const readyTimeoutMs = opts.readyTimeoutMs ?? 60_000;

  fs.mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${name}-${port}.log`);
  const logFd = fs.openSync(logFile, "w");

  // Each node journals into its own embedded H2 file unless the test gives it a store.
  const dataDir = path.resolve(JS_DIR, "..", "target", "data", `${name}-${port}`);
  const env = {
    ...process.env,
    KANAL_DB_URL: `jdbc:h2:file:${dataDir}/kanal`,
    // Listen on loopback only (reference.conf's default host is 0.0.0.0).
    KANAL_HTTP_HOST: "127.0.0.1",
    KANAL_PORT: String(port),
    KANAL_CLUSTER_PORT: String(clusterPort),
    KANAL_SEED_NODES: seeds.map((p) => `127.0.0.1:${p}`).join(","),
    KANAL_JWT_SECRET: SECRET,
  };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === null || v === undefined) delete env[k];
    else env[k] = String(v);
  }
  const args = [];
  if (opts.configFile) args.push(`-Dconfig.file=${opts.configFile}`);
  args.push("-jar", jar);

  const child = spawn("java", args, { cwd: JS_DIR, env, stdio: ["ignore", logFd, logFd] });
  fs.closeSync(logFd);
  running.add(child);

  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      running.delete(child);
      resolve(exited);
    });
    child.once("error", (err) => {
      exited = { code: null, signal: null, error: err };
      running.delete(child);
      resolve(exited);
    });
  });

  /** SIGTERM, then SIGKILL after 10 s; resolves with how it exited ({killed: true} if it took SIGKILL). */
  const stop = async () => {
    if (exited) return exited;
    child.kill("SIGTERM");
    try {
      return await withTimeout(exitPromise, 10_000, `${name} to exit after SIGTERM`);
    } catch {
      child.kill("SIGKILL");
      await withTimeout(exitPromise, 5_000, `${name} to exit after SIGKILL`).catch(() => {});
      return { ...exited, killed: true };
    }
  };

  /** SIGKILL, as a crash: no coordinated shutdown, no leaving the cluster. Resolves once it exited. */
  const kill = async () => {
    if (exited) return exited;
    child.kill("SIGKILL");
    return withTimeout(exitPromise, 10_000, `${name} to exit after SIGKILL`);
  };

  const httpUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  let lastProblem = "no answer yet";
  while (true) {
    if (exited) {
      const how = exited.error ? exited.error.message : `code ${exited.code}, signal ${exited.signal}`;
      throw new Error(`${name} (port ${port}) exited before ready (${how}); log ${logFile}:\n${tail(logFile)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `${name} (port ${port}) not ready within ${readyTimeoutMs} ms (${lastProblem}); log ${logFile}:\n${tail(logFile)}`,
      );
    }
    try {
      const res = await fetch(`${httpUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer().catch(() => {});
      if (res.status === 200) break;
      lastProblem = `last status ${res.status}`;
    } catch (e) {
      lastProblem = `last error ${e.cause?.code ?? e.message}`;
    }
    await sleep(250);
  }

  return {
    name,
    port,
    clusterPort,
    httpUrl,
    /** phoenix.js endpoint (it appends /websocket) */
    url: `ws://127.0.0.1:${port}/socket`,
    /** raw WebSocket endpoint, without query */
    wsUrl: `ws://127.0.0.1:${port}/socket/websocket`,
    /** Supabase Realtime endpoint as realtime-js takes it (it appends /websocket) */
    realtimeUrl: `ws://127.0.0.1:${port}/realtime/v1`,
    logFile,
    pid: child.pid,
    stop,
    kill,
  };
}

/** Writes a HOCON config file under target/ and returns its path. */
export function writeConfig(name, text) {
  const dir = path.resolve(JS_DIR, "..", "target", "it-config");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${process.pid}.conf`);
  fs.writeFileSync(file, text);
  return file;
}

// ---------------------------------------------------------------------------------------------
// Tokens

const b64url = (input) => Buffer.from(input).toString("base64url");

/** An HS256 JWT; `exp` is an hour ahead unless the claims give one. */
export function token(claims = {}, secret = SECRET) {
  const now = Math.floor(Date.now() / 1000);
  const body = { iat: now, exp: now + 3600, ...claims };
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(JSON.stringify(body));
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

// ---------------------------------------------------------------------------------------------
// HTTP

/** POST /api/broadcast. `body` is sent as is when a string, else as JSON. */
export async function postBroadcast(node, body, { bearer, contentType = "application/json" } = {}) {
  const headers = { "content-type": contentType };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const res = await fetch(`${node.httpUrl}/api/broadcast`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await res.text();
  return { status: res.status, text };
}

// ---------------------------------------------------------------------------------------------
// phoenix.js

const sockets = new Set();

/**
 * Connects a phoenix.js Socket and resolves once it is open.
 * @param {string} url the node's `url` (ws://127.0.0.1:PORT/socket)
 * @param {object} [opts] `token` (sent as params.token), `authToken`, `params`, `timeoutMs`
 */
export async function connectSocket(url, opts = {}) {
  const params = { ...(opts.params ?? {}) };
  if (opts.token) params.token = opts.token;
  const socket = new Socket(url, {
    transport: WebSocket,
    params,
    authToken: opts.authToken,
    timeout: 5_000,
    heartbeatIntervalMs: 30_000,
    // No reconnect or rejoin storms during a test: a lost connection is a failure.
    reconnectAfterMs: () => 600_000,
    rejoinAfterMs: () => 600_000,
  });
  sockets.add(socket);
  const opened = new Promise((resolve, reject) => {
    socket.onOpen(() => resolve());
    socket.onError((err) => reject(new Error(`socket error: ${err?.message ?? err}`)));
  });
  socket.connect();
  try {
    await withTimeout(opened, opts.timeoutMs ?? 5_000, `connect ${url}`);
  } catch (e) {
    closeSocket(socket);
    throw e;
  }
  return socket;
}

/**
 * Starts one node for a whole test file and stops it (and every client) when the file is done.
 * `sock(t, opts)` connects a phoenix.js socket that is closed when test `t` ends.
 */
export function useNode(options) {
  const handle = {
    node: undefined,
    async sock(t, opts) {
      const s = await connectSocket(handle.node.url, opts);
      t.after(() => closeSocket(s));
      return s;
    },
  };
  before(async () => {
    handle.node = await startNode(options);
  });
  after(async () => {
    closeAllClients();
    await handle.node?.stop();
  });
  return handle;
}

/** Disconnects a phoenix.js socket, swallowing errors. */
export function closeSocket(socket) {
  if (!socket) return;
  sockets.delete(socket);
  try {
    for (const ch of [...socket.channels]) {
      try {
        ch.rejoinTimer?.reset();
      } catch {
        // ignore
      }
    }
    socket.disconnect();
  } catch {
    // ignore
  }
}

/** Disconnects every phoenix.js socket this process opened and did not close yet. */
export function closeAllSockets() {
  for (const s of [...sockets]) closeSocket(s);
}

/**
 * Joins `topic` and resolves with {status: "ok"|"error"|"timeout", response, channel}.
 * An error join is left so that phoenix.js stops retrying it.
 */
export async function join(socket, topic, payload = {}, timeoutMs = 5_000) {
  const channel = socket.channel(topic, payload);
  const result = await new Promise((resolve) => {
    channel
      .join(timeoutMs)
      .receive("ok", (response) => resolve({ status: "ok", response }))
      .receive("error", (response) => resolve({ status: "error", response }))
      .receive("timeout", () => resolve({ status: "timeout", response: undefined }));
  });
  if (result.status !== "ok") {
    channel.rejoinTimer.reset();
    socket.remove(channel);
  }
  return { ...result, channel };
}

/** Joins and throws unless the reply is ok; returns the channel. */
export async function joinOk(socket, topic, payload = {}, timeoutMs = 5_000) {
  const r = await join(socket, topic, payload, timeoutMs);
  if (r.status !== "ok") {
    throw new Error(`join ${topic} expected ok, got ${r.status} ${JSON.stringify(r.response)}`);
  }
  return r.channel;
}

/** Pushes and resolves with {status: "ok"|"error"|"timeout", response}. */
export function push(channel, event, payload, timeoutMs = 3_000) {
  return new Promise((resolve) => {
    channel
      .push(event, payload, timeoutMs)
      .receive("ok", (response) => resolve({ status: "ok", response }))
      .receive("error", (response) => resolve({ status: "error", response }))
      .receive("timeout", () => resolve({ status: "timeout", response: undefined }));
  });
}

/**
 * Collects every payload a channel receives for `event`, so a test can wait for one, or check
 * that none or exactly one came.
 */
export class Inbox {
  constructor(channel, event) {
    this.event = event;
    this.items = [];
    this.waiters = [];
    channel.on(event, (payload) => {
      this.items.push(payload);
      for (const w of [...this.waiters]) w();
    });
  }

  /** Payloads received so far that match `pred`. */
  matching(pred = () => true) {
    return this.items.filter(pred);
  }

  /** Resolves with the first payload matching `pred` (already received or to come). */
  next(pred = () => true, timeoutMs = 5_000) {
    const found = this.items.find(pred);
    if (found !== undefined) return Promise.resolve(found);
    let waiter;
    const p = new Promise((resolve) => {
      waiter = () => {
        const hit = this.items.find(pred);
        if (hit !== undefined) resolve(hit);
      };
      this.waiters.push(waiter);
    });
    return withTimeout(p, timeoutMs, `event "${this.event}" matching ${pred}`).finally(() => {
      this.waiters = this.waiters.filter((w) => w !== waiter);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Raw WebSocket frames

const rawClients = new Set();

/**
 * A raw WebSocket speaking V2 arrays (or V1 objects): every text frame is parsed as JSON. `params`
 * adds query parameters (e.g. Supabase's `apikey` on /realtime/v1/websocket).
 */
export class RawClient {
  static async connect(wsUrl, { vsn = "2.0.0", token: tok, params = {}, protocols, timeoutMs = 5_000 } = {}) {
    const q = new URLSearchParams({ vsn });
    if (tok) q.set("token", tok);
    for (const [k, v] of Object.entries(params)) q.set(k, v);
    const ws = new WebSocket(`${wsUrl}?${q}`, protocols);
    const client = new RawClient(ws);
    rawClients.add(client);
    const opened = new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
      ws.once("error", reject);
    });
    try {
      await withTimeout(opened, timeoutMs, `raw connect ${wsUrl}`);
    } catch (e) {
      client.close();
      throw e;
    }
    return client;
  }

  constructor(ws) {
    this.ws = ws;
    this.frames = [];
    this.taken = new Set();
    this.waiters = [];
    this.closed = false;
    ws.on("message", (data, isBinary) => {
      let frame;
      if (isBinary) frame = { binary: Buffer.from(data) };
      else {
        const text = data.toString("utf8");
        try {
          frame = JSON.parse(text);
        } catch {
          frame = { unparsable: text };
        }
      }
      this.frames.push(frame);
      for (const w of [...this.waiters]) w();
    });
    ws.on("close", () => {
      this.closed = true;
      for (const w of [...this.waiters]) w();
    });
    ws.on("error", () => {});
  }

  send(frame) {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Frames received so far matching `pred`. */
  matching(pred = () => true) {
    return this.frames.filter(pred);
  }

  /**
   * Resolves with the first received frame matching `pred` that was not taken before,
   * and marks it taken.
   */
  next(pred = () => true, timeoutMs = 5_000, what = String(pred)) {
    const take = () => {
      const i = this.frames.findIndex((f, idx) => !this.taken.has(idx) && pred(f));
      if (i < 0) return undefined;
      this.taken.add(i);
      return this.frames[i];
    };
    const found = take();
    if (found !== undefined) return Promise.resolve(found);
    let waiter;
    const p = new Promise((resolve, reject) => {
      waiter = () => {
        const hit = take();
        if (hit !== undefined) resolve(hit);
        else if (this.closed) reject(new Error(`socket closed while waiting for ${what}`));
      };
      this.waiters.push(waiter);
    });
    return withTimeout(p, timeoutMs, `${what}; frames so far: ${JSON.stringify(this.frames)}`).finally(() => {
      this.waiters = this.waiters.filter((w) => w !== waiter);
    });
  }

  /** Sends `frame` and waits for the phx_reply with the same ref and topic (V2 arrays). */
  async request(frame, timeoutMs = 5_000) {
    this.send(frame);
    const [, ref, topic] = frame;
    return this.next((f) => Array.isArray(f) && f[1] === ref && f[2] === topic && f[3] === "phx_reply", timeoutMs,
      `phx_reply ref ${ref} on ${topic}`);
  }

  close() {
    rawClients.delete(this);
    try {
      this.ws.terminate();
    } catch {
      // ignore
    }
  }
}

export function closeAllRaw() {
  for (const c of [...rawClients]) c.close();
}

/**
 * Tries a WebSocket upgrade and tells how it went: {opened: true} or
 * {opened: false, statusCode, body} from ws's 'unexpected-response'.
 */
export function tryUpgrade(url, protocols, timeoutMs = 5_000, headers = undefined) {
  return withTimeout(
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols, headers ? { headers } : undefined);
      ws.once("open", () => {
        ws.terminate();
        resolve({ opened: true, protocol: ws.protocol });
      });
      ws.once("unexpected-response", (_req, res) => {
        let body = "";
        const done = () => {
          resolve({ opened: false, statusCode: res.statusCode, body });
          ws.terminate();
        };
        res.setEncoding("utf8");
        res.on("data", (c) => {
          body += c;
        });
        res.on("end", done);
        res.on("error", done);
        setTimeout(done, 1_000).unref();
      });
      ws.once("error", (err) => reject(err));
    }),
    timeoutMs,
    `upgrade ${url}`,
  );
}

/** Closes every client this process opened. For `after` hooks. */
export function closeAllClients() {
  closeAllSockets();
  closeAllRaw();
}

/** The value of one sample of the node's /metrics, e.g. metric(node, 'kanal_refusals_total{limit="max_channels"}'). */
export async function metric(node, sample) {
  const text = await (await fetch(`${node.httpUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  const line = text.split("\n").find((l) => l.startsWith(`${sample} `));
  if (line === undefined) throw new Error(`no sample ${sample} in /metrics:\n${text}`);
  return Number(line.slice(sample.length + 1));
}

/**
 * An HTTP request to a node: `body` is sent as JSON unless it is a string or FormData; `bearer`
 * adds an Authorization header. Resolves with the status, the parsed JSON body (if any) and its text.
 */
export async function request(node, method, url, { body, bearer, headers = {} } = {}) {
  const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(10_000) };
  if (bearer) init.headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) {
    if (body instanceof FormData || typeof body === "string") init.body = body;
    else {
      init.body = JSON.stringify(body);
      init.headers["content-type"] = "application/json";
    }
  }
  const res = await fetch(`${node.httpUrl}${url}`, init);
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}
