// Presence helpers: phoenix.js's Presence class on a channel, plus a record of the raw
// presence_state / presence_diff payloads it was fed, and deadline-bounded waits on its list.

import { Presence } from "phoenix";
import { withTimeout } from "./server.js";

/**
 * phoenix.js's `Presence` on `channel`, with every raw presence_state / presence_diff kept (with the
 * time it arrived) and a way to wait until the synced list satisfies a predicate. Create it before
 * the channel joins so that nothing is missed.
 */
export class PresenceView {
  constructor(channel, label = channel.topic) {
    this.channel = channel;
    this.label = label;
    this.presence = new Presence(channel);
    /** [{at, payload}] */
    this.states = [];
    /** [{at, payload}] */
    this.diffs = [];
    /** [{at, snapshot}] after every onSync */
    this.history = [];
    this.waiters = new Set();
    channel.on("presence_state", (payload) => this.states.push({ at: Date.now(), payload }));
    channel.on("presence_diff", (payload) => this.diffs.push({ at: Date.now(), payload }));
    this.presence.onSync(() => {
      this.history.push({ at: Date.now(), snapshot: this.snapshot() });
      for (const w of [...this.waiters]) w();
    });
  }

  /** `presence.list()` as [{key, metas}] sorted by key. */
  entries() {
    return this.presence
      .list((key, { metas }) => ({ key, metas }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** {key: [phx_ref, …sorted]} with keys sorted: what two clients must agree on. */
  snapshot() {
    return snapshotOf(this.entries());
  }

  /** The metas of `key` ([] if absent). */
  metas(key) {
    return this.entries().find((e) => e.key === key)?.metas ?? [];
  }

  /** Resolves once `pred(this)` holds (checked now and after every sync, and every 100 ms). */
  until(pred, timeoutMs = 5_000, what = String(pred)) {
    if (pred(this)) return Promise.resolve(this);
    let waiter;
    let timer;
    const p = new Promise((resolve) => {
      waiter = () => {
        if (pred(this)) resolve(this);
      };
      this.waiters.add(waiter);
      timer = setInterval(waiter, 100);
    });
    return withTimeout(
      p,
      timeoutMs,
      () => `${this.label}: ${what}; list now ${JSON.stringify(this.entries())}`,
    ).finally(() => {
      this.waiters.delete(waiter);
      clearInterval(timer);
    });
  }

  /** Resolves once the snapshot equals `expected` ({key: [refs]}), or (a function) a predicate on it. */
  untilSnapshot(expected, timeoutMs = 5_000) {
    const want = JSON.stringify(expected);
    return this.until((v) => JSON.stringify(v.snapshot()) === want, timeoutMs, `snapshot to become ${want}`);
  }
}

/** {key: [phx_ref…]} of [{key, metas}] entries, keys and refs sorted. */
export function snapshotOf(entries) {
  const out = {};
  for (const { key, metas } of [...entries].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    out[key] = metas.map((m) => m.phx_ref).sort();
  }
  return out;
}

/**
 * Creates the channel, its PresenceView, then joins; throws unless the join is ok.
 * @returns {Promise<{channel, view}>}
 */
export async function joinWithPresence(socket, topic, payload = {}, { timeoutMs = 5_000, label } = {}) {
  const channel = socket.channel(topic, payload);
  const view = new PresenceView(channel, label ?? topic);
  const result = await new Promise((resolve) => {
    channel
      .join(timeoutMs)
      .receive("ok", (response) => resolve({ status: "ok", response }))
      .receive("error", (response) => resolve({ status: "error", response }))
      .receive("timeout", () => resolve({ status: "timeout" }));
  });
  if (result.status !== "ok") {
    channel.rejoinTimer.reset();
    socket.remove(channel);
    throw new Error(`join ${topic} (${label ?? ""}) expected ok, got ${result.status} ${JSON.stringify(result.response)}`);
  }
  return { channel, view };
}

/** The Supabase-style presence push: track (with a meta) or untrack. */
export function presencePush(event, meta) {
  return meta === undefined ? { type: "presence", event } : { type: "presence", event, payload: meta };
}
