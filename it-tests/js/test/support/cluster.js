// Multi-node helpers: a cluster of Kanal nodes labelled A, B, C… started together (and restarted on
// the same ports), where a sharded entity runs (read from the nodes' debug logs), and waits on the
// cluster's view of its members.

import fs from "node:fs";
import { freePorts, sleep, startNode, withTimeout } from "./server.js";

/** Pekko settings that notice a dead or frozen node within seconds and down it soon after. */
export const FAST_DOWNING = `# Notice and down a dead node quickly (Kanal's defaults: 3 s pause, 7 s stable-after).
pekko.cluster.split-brain-resolver.stable-after = 3s
pekko.cluster.failure-detector.acceptable-heartbeat-pause = 2s
`;

/**
 * Pekko debug logging, for the Shard's "Started entity" line that tells where an entity runs. The
 * config file needs `pekko.loglevel = DEBUG` beside this env (which opens logback's pekko logger).
 */
export const DEBUG_ENV = { KANAL_PEKKO_LOG_LEVEL: "DEBUG" };
export const DEBUG_CONFIG = "pekko.loglevel = DEBUG\n";

/**
 * Starts `count` nodes in parallel, labelled A, B, C…, each with its own HTTP and cluster port.
 * Every node lists the first `seedCount` nodes' cluster ports as seeds: 1 (A alone starts the
 * cluster) or `count` (any node can restart and rejoin through the others). Resolves once every
 * node sees all of them Up; if one node fails to start or they do not converge, the others are
 * stopped and the failure is thrown.
 *
 * @param {object} opts
 * @param {string} opts.tag log file name prefix
 * @param {string} [opts.configFile] passed to every node as -Dconfig.file
 * @param {object} [opts.env] extra environment for every node (e.g. freshPostgres() and DEBUG_ENV)
 * @param {number} [opts.count]
 * @param {number} [opts.seedCount]
 * @returns {Promise<{label:string, node:object, options:object}[]>} `options` start the node again
 */
export async function startCluster({ tag, configFile, env = {}, count = 3, seedCount = 1, readyTimeoutMs = 90_000 }) {
  const ports = await freePorts(count * 2);
  const labels = Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i));
  const seeds = labels.slice(0, seedCount).map((_, i) => ports[i * 2 + 1]);
  const members = labels.map((label, i) => ({
    label,
    node: undefined,
    options: { name: `${tag}-${label}`, port: ports[i * 2], clusterPort: ports[i * 2 + 1], seeds, configFile, env, readyTimeoutMs },
  }));
  const results = await Promise.allSettled(members.map((m) => startNode(m.options)));
  results.forEach((r, i) => {
    if (r.status === "fulfilled") members[i].node = r.value;
  });
  const failed = results.find((r) => r.status === "rejected");
  try {
    if (failed) throw failed.reason;
    await waitConverged(members);
  } catch (e) {
    await Promise.all(members.filter((m) => m.node).map((m) => m.node.stop()));
    throw e;
  }
  return members;
}

/**
 * Starts a member again on its ports, once its previous process is gone. The new incarnation logs
 * to its own file (name suffixed with `incarnation`), so the old log stays for a report.
 */
export async function restartMember(member, incarnation) {
  member.node = await startNode({ ...member.options, name: `${member.options.name}-${incarnation}` });
  return member.node;
}

/** The Pekko address other nodes know `member` by. */
export const addressOf = (member) => `pekko://kanal@127.0.0.1:${member.options.clusterPort}`;

/**
 * Every "Started entity" debug line for entity `entityId` of sharded type `type` ("topic" for a
 * topic such as "room:x" or "collection:order", "collection" for a collection such as "order"), as
 * [{label, time, shard}] in log order per node. Needs DEBUG_ENV and DEBUG_CONFIG.
 */
export function entityStarts(members, entityId, type = "topic") {
  const needle = `with entity id [${entityId}] in shard [`;
  const starts = [];
  for (const { label, node } of members) {
    for (const line of fs.readFileSync(node.logFile, "utf8").split("\n")) {
      if (line.includes(`${type}: Started entity`) && line.includes(needle)) {
        starts.push({ label, time: line.slice(0, 12), shard: line.slice(line.indexOf(needle) + needle.length, -1) });
      }
    }
  }
  return starts;
}

/** The label of the only node that started entity `entityId` of `type`, once exactly one has. */
export async function entityHost(members, entityId, type = "topic", timeoutMs = 15_000) {
  let starts = [];
  await eventually(
    () => {
      starts = entityStarts(members, entityId, type);
      return starts.length === 1;
    },
    timeoutMs,
    () => `one "${type}: Started entity" line for ${entityId}, got ${JSON.stringify(starts)}`,
  );
  return starts[0].label;
}

/** Log lines about membership, downing, sharding and shutdown, for a failure report. */
export function logExcerpt(members, lines = 40) {
  const interesting =
    /UNREACHABLE|took decision|Marking|Leader is removing|left the cluster|AddressTerminated|Quarantin|Dropping message|terminated with|triggered immediately|Started entity|ShardCoordinator was moved|Shutting down|Running CoordinatedShutdown|ERROR|WARN/;
  return members
    .map(({ label, node }) => {
      let found = [];
      try {
        found = fs.readFileSync(node.logFile, "utf8").split("\n").filter((l) => interesting.test(l) && !l.includes("Quarantine piercing"));
      } catch {
        // no log
      }
      return `--- ${label} ${node.logFile}\n${found.slice(-lines).join("\n")}`;
    })
    .join("\n");
}

/**
 * Resolves once `pred()` (may be async) is truthy, checking every `intervalMs`; rejects after
 * `timeoutMs` with `what` (a string, or a function describing the state then).
 */
export async function eventually(pred, timeoutMs, what, intervalMs = 100) {
  let stop = false;
  const poll = (async () => {
    while (!stop) {
      if (await pred()) return;
      await sleep(intervalMs);
    }
  })();
  try {
    await withTimeout(poll, timeoutMs, what);
  } finally {
    stop = true;
    poll.catch(() => {});
  }
}

/** GET /health/ready as {status, body}; an unreachable node gives {status: 0, error}. */
export async function readiness(node) {
  try {
    const res = await fetch(`${node.httpUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  } catch (e) {
    return { status: 0, error: e.cause?.code ?? e.message };
  }
}

/**
 * Resolves once every one of `observers` ({label, node}) counts exactly `count` Up members and none
 * unreachable on its /health/ready; rejects after `timeoutMs` with `what` and every node's view.
 * Membership spreads by gossip, so a node can be Up in its own view before the others see it.
 * Returns the time it took.
 */
export async function waitMembers(observers, count, timeoutMs, what) {
  const started = Date.now();
  const views = new Map();
  const settled = async (m) => {
    const ready = await readiness(m.node);
    views.set(m.label, ready.body ?? ready.error);
    return ready.body?.members === count && ready.body?.unreachable === 0;
  };
  await eventually(
    async () => (await Promise.all(observers.map(settled))).every(Boolean),
    timeoutMs,
    () => `${what}; /health/ready now ${JSON.stringify(Object.fromEntries(views))}`,
    250,
  );
  return Date.now() - started;
}

/** Resolves once every one of `members` sees all of them Up and none unreachable. */
export function waitConverged(members, timeoutMs = 30_000) {
  return waitMembers(members, members.length, timeoutMs, `${members.map((m) => m.label)} to see each other Up`);
}

/**
 * Resolves once every member of `observers` has removed `gone` from the cluster (a downed member
 * stays unreachable until it is removed). Returns the time it took.
 */
export function waitRemoved(observers, gone, timeoutMs = 45_000) {
  return waitMembers(observers, observers.length, timeoutMs, `${observers.map((m) => m.label)} to remove ${gone.label}`);
}
