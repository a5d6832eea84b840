// Write throughput of one collection: `count` REST creates from `concurrency` concurrent writers,
// each answered only after its change is journaled and confirmed by the topic. Prints writes per
// second and latency percentiles. Bounded in count and time.
//
//   node bench/collection-writes/run.mjs --url http://127.0.0.1:4000 --collection order \
//     --token "$STAFF_TOKEN" --count 2000 --concurrency 16 --body '{"customer_id":1}'

import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:4000" },
    collection: { type: "string", default: "order" },
    token: { type: "string", default: "" },
    count: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "16" },
    body: { type: "string", default: "{}" },
    "time-limit-s": { type: "string", default: "300" },
  },
});
const count = Number(values.count);
const concurrency = Number(values.concurrency);
const deadline = Date.now() + Number(values["time-limit-s"]) * 1000;
const headers = { "content-type": "application/json" };
if (values.token) headers.authorization = `Bearer ${values.token}`;
const endpoint = `${values.url}/api/collections/${values.collection}/records`;

const latencies = [];
const statuses = new Map();
let next = 0;

async function writer() {
  while (next < count && Date.now() < deadline) {
    next += 1;
    const started = performance.now();
    const res = await fetch(endpoint, { method: "POST", headers, body: values.body });
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, writer));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
console.log(
  JSON.stringify({
    writes: latencies.length,
    concurrency,
    seconds: Number(seconds.toFixed(2)),
    writesPerSecond: Math.round(latencies.length / seconds),
    p50ms: pct(50),
    p99ms: pct(99),
    maxMs: latencies[latencies.length - 1].toFixed(1),
    statuses: Object.fromEntries(statuses),
  }),
);
