// Persistent collections end to end, on the embedded H2 store and on a real PostgreSQL: REST status
// codes, phoenix.js subscribers with filters, since, restart durability and concurrent writers.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import path from "node:path";
import { freshPostgres } from "./support/postgres.js";
import {
  Inbox,
  JS_DIR,
  closeAllClients,
  closeSocket,
  connectSocket,
  join,
  joinOk,
  push,
  request,
  sleep,
  startNode,
  token,
  unique,
  writeConfig,
} from "./support/server.js";

const CONFIG = writeConfig(
  "collections",
  `
kanal {
  collections {
    order {
      id = serial
      fields {
        customer_id { type = integer }
        state { type = string, required = true, default = "received", enum = [received, production, completed, dispatched] }
        items { type = array }
        image { type = string }
      }
    }
    note {
      fields { title { type = string, required = true } }
    }
  }
  store.retained-changes = 5
}
`,
);

const writer = () => token({ sub: "frontdesk", role: "staff" });
const viewer = () => token({ sub: "display", role: "display" });

/** Store environments: a fresh H2 file per node (the default) and a fresh PostgreSQL database. */
const STORES = {
  h2: async (name) => ({ KANAL_DB_URL: `jdbc:h2:file:${path.resolve(JS_DIR, "..", "target", "data", name)}/kanal` }),
  postgres: async () => freshPostgres(),
};

/** REST as the staff writer, unless `bearer` says otherwise (null: no token). */
const api = (node, method, url, { bearer = writer(), ...rest } = {}) => request(node, method, url, { bearer, ...rest });

const createOrder = (node, fields) => api(node, "POST", "/api/collections/order/records", { body: fields });

for (const [storeName, storeEnv] of Object.entries(STORES)) {
  describe(`collections on ${storeName}`, { concurrency: false }, () => {
    let node;
    before(async () => {
      const env = await storeEnv(unique(`collections-${storeName}`));
      node = await startNode({ name: `collections-${storeName}`, configFile: CONFIG, env });
    });
    after(async () => {
      closeAllClients();
      await node?.stop();
    });

    test("REST answers every status code as the contract says", { timeout: 30_000 }, async () => {
      const created = await createOrder(node, { customer_id: "7", items: [{ item: 1 }], id: 99 });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.customer_id, 7, "strings are cast to the field type");
      assert.equal(created.json.state, "received", "a required field with a default may be left out");
      assert.notEqual(created.json.id, 99, "the server picks ids");
      assert.match(created.json.inserted_at, /^\d{4}-\d\d-\d\dT.*Z$/);
      const id = created.json.id;

      assert.equal((await api(node, "GET", `/api/collections/order/records/${id}`, { bearer: null })).json.id, id);
      assert.equal((await api(node, "GET", "/api/collections/order/records/424242")).status, 404);
      const unknown = await api(node, "GET", "/api/collections/nope/records");
      assert.equal(unknown.status, 404);
      assert.match(unknown.json.error, /unknown collection/);

      const notJson = await api(node, "POST", "/api/collections/order/records", {
        body: "{nope",
        headers: { "content-type": "application/json" },
      });
      assert.equal(notJson.status, 400);
      assert.equal((await api(node, "POST", "/api/collections/order/records", { body: [1, 2] })).status, 400);

      const invalid = await createOrder(node, { customer_id: "x", state: "lost", colour: "red" });
      assert.equal(invalid.status, 422);
      assert.deepEqual(invalid.json.errors, {
        colour: ["is not a field of order"],
        customer_id: ["must be an integer"],
        state: ["must be one of received, production, completed, dispatched"],
      });
      const blank = await api(node, "POST", "/api/collections/note/records", { body: {} });
      assert.equal(blank.status, 422);
      assert.deepEqual(blank.json.errors, { title: ["can't be blank"] });

      assert.equal((await api(node, "POST", "/api/collections/order/records", { body: {}, bearer: null })).status, 401);
      assert.equal((await api(node, "POST", "/api/collections/order/records", { body: {}, bearer: viewer() })).status, 403);
      assert.equal((await api(node, "DELETE", `/api/collections/order/records/${id}`, { bearer: viewer() })).status, 403);

      const patched = await api(node, "PATCH", `/api/collections/order/records/${id}`, { body: { state: "production" } });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.json.state, "production");
      assert.equal(patched.json.customer_id, 7, "PATCH keeps the fields it does not name");
      const replaced = await api(node, "PUT", `/api/collections/order/records/${id}`, { body: { customer_id: 8 } });
      assert.equal(replaced.status, 200, replaced.text);
      assert.equal(replaced.json.state, "received", "PUT resets left-out fields to their default");
      assert.equal(replaced.json.items, null);
      assert.equal((await api(node, "PATCH", "/api/collections/order/records/424242", { body: {} })).status, 404);

      assert.equal((await api(node, "DELETE", `/api/collections/order/records/${id}`)).status, 204);
      assert.equal((await api(node, "DELETE", `/api/collections/order/records/${id}`)).status, 404);
      assert.equal((await api(node, "GET", `/api/collections/order/records/${id}`)).status, 404);
    });

    test("REST lists filter in all three spellings, sort and limit", { timeout: 30_000 }, async () => {
      const customer = 1000 + Math.floor(Math.random() * 100000);
      for (const state of ["received", "completed", "production"]) {
        assert.equal((await createOrder(node, { customer_id: customer, state })).status, 201);
      }
      const list = async (query) => {
        const res = await api(node, "GET", `/api/collections/order/records?${query}`);
        assert.equal(res.status, 200, `${query}: ${res.text}`);
        return res.json.map((r) => r.state);
      };
      assert.deepEqual(await list(`customer_id=${customer}`), ["received", "completed", "production"]);
      assert.deepEqual(await list(`customer_id=eq.${customer}&state=neq.received`), ["completed", "production"]);
      const directus = encodeURIComponent(JSON.stringify({ customer_id: { _eq: customer }, state: { _in: ["completed", "production"] } }));
      assert.deepEqual(await list(`filter=${directus}`), ["completed", "production"]);
      assert.deepEqual(await list(`customer_id=${customer}&sort=-state`), ["received", "production", "completed"]);
      assert.deepEqual(await list(`customer_id=${customer}&sort=state&limit=1`), ["completed"]);
      assert.deepEqual(await list(`customer_id=${customer}&from_date=today`), ["received", "completed", "production"]);
      assert.deepEqual(await list(`customer_id=${customer}&from_date=2999-01-01`), []);

      const badFilter = await api(node, "GET", "/api/collections/order/records?filter=%7Bnope");
      assert.equal(badFilter.status, 400);
      const unknownField = await api(node, "GET", "/api/collections/order/records?colour=red");
      assert.equal(unknownField.status, 422);
      assert.ok(unknownField.json.errors.colour, unknownField.text);
    });

    test("a multipart create stores form fields cast to their types and a file as a data: URL", { timeout: 15_000 }, async () => {
      const form = new FormData();
      form.set("customer_id", "12");
      form.set("state", "completed");
      form.set("image", new Blob([Buffer.from("PNGDATA")], { type: "image/png" }), "cup.png");
      const res = await api(node, "POST", "/api/collections/order/records", { body: form });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.customer_id, 12);
      assert.equal(res.json.image, `data:image/png;base64,${Buffer.from("PNGDATA").toString("base64")}`);
    });

    test("phoenix.js subscribers see only the changes their filters match; move-out is a delete", { timeout: 30_000 }, async (t) => {
      const a = 200000 + Math.floor(Math.random() * 100000);
      const b = a + 1;
      const sa = await connectSocket(node.url);
      const sb = await connectSocket(node.url);
      t.after(() => { closeSocket(sa); closeSocket(sb); });
      const joinedA = await join(sa, "collection:order", { options: { customer_id: a } });
      const joinedB = await join(sb, "collection:order", { options: { customer_id: `eq.${b}`, from_date: "today" } });
      assert.equal(joinedA.status, "ok");
      assert.deepEqual(joinedA.response.items, []);
      assert.equal(typeof joinedA.response.seq, "number");
      const inA = new Inbox(joinedA.channel, "change");
      const inB = new Inbox(joinedB.channel, "change");

      const forA = (await createOrder(node, { customer_id: a })).json;
      const forB = (await createOrder(node, { customer_id: b })).json;
      const created = await inA.next((c) => c.record.id === forA.id);
      assert.equal(created.action, "create");
      assert.equal(created.seq, joinedA.response.seq + 1);
      await inB.next((c) => c.record.id === forB.id && c.action === "create");

      await api(node, "PATCH", `/api/collections/order/records/${forA.id}`, { body: { customer_id: b } });
      const movedOut = await inA.next((c) => c.action === "delete");
      assert.deepEqual(movedOut.record, { id: forA.id }, "a record leaving A's filter is a delete for A");
      const movedIn = await inB.next((c) => c.record.id === forA.id);
      assert.equal(movedIn.action, "update", "a record entering B's filter is an update for B");

      await api(node, "DELETE", `/api/collections/order/records/${forB.id}`);
      await inB.next((c) => c.action === "delete" && c.record.id === forB.id);
      await sleep(300);
      assert.ok(inA.items.every((c) => c.record.id === forA.id), `A saw only its record: ${JSON.stringify(inA.items)}`);
      assert.equal(inA.items.length, 2);
      assert.equal(inB.items.length, 3);
      const seqs = inB.items.map((c) => c.seq);
      assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), "changes arrive in seq order");
    });

    test("a join with since gets exactly the changes it missed, or the items when too old", { timeout: 30_000 }, async (t) => {
      const customer = 400000 + Math.floor(Math.random() * 100000);
      const s = await connectSocket(node.url);
      t.after(() => closeSocket(s));
      const first = await join(s, "collection:order", { options: { customer_id: customer } });
      const seq = first.response.seq;
      first.channel.leave();
      const one = (await createOrder(node, { customer_id: customer })).json;
      await createOrder(node, { customer_id: customer + 1 });
      await api(node, "PATCH", `/api/collections/order/records/${one.id}`, { body: { state: "completed" } });

      const resumed = await join(s, "collection:order", { options: { customer_id: customer, since: seq } });
      assert.equal(resumed.status, "ok");
      assert.equal(resumed.response.seq, seq + 3);
      assert.deepEqual(
        resumed.response.changes.map((c) => [c.action, c.record.id, c.seq]),
        [["create", one.id, seq + 1], ["update", one.id, seq + 3]],
        "the other customer's change is not among them",
      );
      resumed.channel.leave();
      const current = await join(s, "collection:order", { options: { since: seq + 3 } });
      assert.deepEqual(current.response.changes, []);
      current.channel.leave();

      for (let i = 0; i < 6; i++) await createOrder(node, { customer_id: customer });
      const tooOld = await join(s, "collection:order", { options: { customer_id: customer, since: seq } });
      assert.equal(tooOld.status, "ok");
      assert.equal(tooOld.response.changes, undefined, "beyond the 5 retained changes");
      assert.equal(tooOld.response.items.length, 7);
    });

    test("joins refuse unknown collections and bad options with a reason; pushes write with replies", { timeout: 20_000 }, async (t) => {
      const anonymous = await connectSocket(node.url);
      const staff = await connectSocket(node.url, { params: { token: writer() } });
      t.after(() => { closeSocket(anonymous); closeSocket(staff); });
      assert.deepEqual((await join(anonymous, "collection:nope")).response, { reason: "unknown collection" });
      assert.match((await join(anonymous, "collection:order", { options: { colour: "red" } })).response.reason, /colour/);
      assert.match((await join(anonymous, "collection:order", { options: { since: -1 } })).response.reason, /since/);

      const readOnly = await joinOk(anonymous, "collection:note");
      assert.deepEqual((await push(readOnly, "create", { title: "x" })).response, { reason: "unauthorized" });
      const notes = await joinOk(staff, "collection:note");
      const inbox = new Inbox(notes, "change");
      const made = await push(notes, "create", { title: "Hello" });
      assert.equal(made.status, "ok", JSON.stringify(made.response));
      assert.equal(made.response.title, "Hello");
      assert.match(made.response.id, /^[0-9a-f-]{36}$/, "uuid ids");
      await inbox.next((c) => c.action === "create" && c.record.id === made.response.id);
      const bad = await push(notes, "update", { id: made.response.id, title: 5 });
      assert.deepEqual(bad.response, { reason: "invalid", errors: { title: ["must be a string"] } });
      assert.deepEqual((await push(notes, "delete", { id: "missing" })).response, { reason: "not found" });
      assert.equal((await push(notes, "delete", { id: made.response.id })).status, "ok");
      assert.deepEqual((await inbox.next((c) => c.action === "delete")).record, { id: made.response.id });
    });

    test("50 concurrent writers: no lost update, no duplicate serial id, every change delivered once in order", { timeout: 60_000 }, async (t) => {
      const customer = 600000 + Math.floor(Math.random() * 100000);
      const s = await connectSocket(node.url);
      t.after(() => closeSocket(s));
      const joined = await join(s, "collection:order", { options: { customer_id: customer } });
      const inbox = new Inbox(joined.channel, "change");
      const results = await Promise.all(
        Array.from({ length: 50 }, () => createOrder(node, { customer_id: customer })),
      );
      assert.ok(results.every((r) => r.status === 201), results.map((r) => r.status).join(","));
      const ids = results.map((r) => r.json.id);
      assert.equal(new Set(ids).size, 50, "distinct serial ids");
      await inbox.next(() => inbox.items.length >= 50, 20_000);
      await sleep(300);
      assert.equal(inbox.items.length, 50);
      const seqs = inbox.items.map((c) => c.seq);
      assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y));
      assert.equal(new Set(seqs).size, 50);
      const listed = await api(node, "GET", `/api/collections/order/records?customer_id=${customer}`);
      assert.deepEqual(listed.json.map((r) => r.id).sort((x, y) => x - y), [...ids].sort((x, y) => x - y));
    });
  });
}

for (const [storeName, storeEnv] of Object.entries(STORES)) {
  test(`records and seq survive a server restart (${storeName})`, { timeout: 120_000 }, async () => {
    const env = await storeEnv(unique(`restart-${storeName}`));
    let node = await startNode({ name: `restart-${storeName}`, configFile: CONFIG, env });
    try {
      for (let i = 1; i <= 3; i++) assert.equal((await createOrder(node, { customer_id: i })).status, 201);
      await api(node, "DELETE", "/api/collections/order/records/3");
      const s = await connectSocket(node.url);
      const before = (await join(s, "collection:order")).response;
      closeSocket(s);
      await node.stop();

      node = await startNode({ name: `restart-${storeName}-again`, configFile: CONFIG, env });
      const s2 = await connectSocket(node.url);
      const after = (await join(s2, "collection:order")).response;
      closeSocket(s2);
      assert.deepEqual(after, before, "the same records at the same seq");
      assert.equal(after.seq, 4);
      const next = await createOrder(node, { customer_id: 4 });
      assert.equal(next.json.id, 4, "serial 3 was deleted and is never handed out again");
    } finally {
      await node.stop();
    }
  });
}
