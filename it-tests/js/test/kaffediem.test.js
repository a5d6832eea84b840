// The Kaffediem example (examples/kaffediem) end to end: its shaded jar with seed.json on a fresh H2
// store, driven the way the Kaffediem frontend drives its backend (/work/shared/kaffediem/CONTRACT.md
// §4–§6): phoenix.js V2 sockets joined to collection:<name> with {"options":{}}, orders with
// {"options":{"from_date":"today"}}, and anonymous REST writes whose only visible effect is the
// `change` push. Plus the order hook's new_order notice on notifications:admin.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import path from "node:path";
import {
  Inbox,
  JS_DIR,
  closeAllClients,
  closeSocket,
  connectSocket,
  join,
  joinOk,
  request,
  sleep,
  startNode,
  token,
  unique,
} from "./support/server.js";

const KAFFEDIEM_JAR = process.env.KAFFEDIEM_JAR
  ? path.resolve(JS_DIR, process.env.KAFFEDIEM_JAR)
  : path.resolve(JS_DIR, "..", "..", "examples", "kaffediem", "target", "kaffediem.jar");
const SEED = path.resolve(JS_DIR, "..", "..", "examples", "kaffediem", "seed.json");

/** The frontend's join payloads. */
const JOIN = { options: {} };
const JOIN_ORDERS = { options: { from_date: "today" } };

/** The order body the frontend's Cart sends (CONTRACT.md §6): Cortado, Melk = Hel, Kopp = Liten. */
const ORDER = {
  customer_id: 1,
  items: [{ item: 1, customizations: [{ key: 1, value: [2] }, { key: 2, value: [4] }] }],
  state: "received",
  missing_information: false,
};

/** The snapshot the order hook stores for ORDER's item (CONTRACT.md §5). */
const CORTADO_SNAPSHOT = {
  item_id: 1,
  name: "Cortado",
  price: 10,
  category: "Varm drikke",
  customizations: [
    { key_id: 1, key_name: "Melk", value_id: 2, value_name: "Hel", price_change: 0, label_color: "#6fa2db" },
    { key_id: 2, key_name: "Kopp", value_id: 4, value_name: "Liten", price_change: 10, label_color: "#ff00ff" },
  ],
};

/** REST without a token, as the frontend writes. */
const api = (node, method, url, body) => request(node, method, url, { body });

/**
 * The seed is imported in the background after the node is ready, one collection at a time; waits
 * until every seeded collection lists as many records as seed.json gives it.
 */
async function awaitSeed(node, timeoutMs = 30_000) {
  const expected = { category: 1, item: 1, customization_key: 2, customization_value: 4, status: 1 };
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (const [collection, count] of Object.entries(expected)) {
    while (true) {
      const res = await api(node, "GET", `/api/collections/${collection}/records`);
      if (res.status === 200 && Array.isArray(res.json) && res.json.length >= count) break;
      last = `${collection}: ${res.status} ${res.text}`;
      if (Date.now() > deadline) throw new Error(`seed not loaded within ${timeoutMs} ms (last ${last})`);
      await sleep(100);
    }
  }
}

const names = (list) => list.map((r) => r.name);

describe("kaffediem example", { concurrency: false }, () => {
  let node;
  /** One phoenix.js socket per test, like one page load of the frontend. */
  const page = async (t, opts) => {
    const s = await connectSocket(node.url, opts);
    t.after(() => closeSocket(s));
    return s;
  };

  before(async () => {
    const dataDir = path.resolve(JS_DIR, "..", "target", "data", unique("kaffediem"));
    node = await startNode({
      name: "kaffediem",
      jar: KAFFEDIEM_JAR,
      env: { KAFFEDIEM_SEED: SEED, KANAL_DB_URL: `jdbc:h2:file:${dataDir}/kanal` },
    });
    await awaitSeed(node);
  });
  after(async () => {
    closeAllClients();
    await node?.stop();
  });

  test("the seeded menu and status answer the frontend's joins", { timeout: 20_000 }, async (t) => {
    const s = await page(t);
    const menu = await join(s, "collection:menu", JOIN);
    assert.equal(menu.status, "ok", JSON.stringify(menu.response));
    const items = menu.response.items;
    assert.ok(Array.isArray(items.tree), `tree is an array: ${JSON.stringify(items)}`);
    const idx = items.indexes;
    assert.deepEqual(
      Object.keys(idx).sort(),
      ["categories", "customization_keys", "customization_values", "customizations_by_key", "items", "items_by_category"],
    );
    assert.deepEqual(names(idx.categories), ["Varm drikke"]);
    assert.deepEqual(idx.categories[0].valid_customizations, [1, 2]);
    assert.deepEqual(names(idx.items), ["Cortado"]);
    assert.equal(idx.items[0].category_name, "Varm drikke");
    assert.deepEqual(names(idx.items_by_category["1"]), ["Cortado"]);
    assert.deepEqual(names(idx.customization_keys), ["Melk", "Kopp"]);
    assert.deepEqual(names(idx.customizations_by_key["1"]), ["Havre", "Hel", "Laktosefri"]);
    assert.deepEqual(names(idx.customizations_by_key["2"]), ["Liten"]);
    assert.ok(idx.customizations_by_key["1"].every((v) => v.constant_price === true && v.price_increment_nok === 0));

    const status = await join(s, "collection:status", JOIN);
    assert.equal(status.status, "ok", JSON.stringify(status.response));
    assert.equal(status.response.items.length, 1);
    assert.equal(status.response.items[0].id, 1);
    assert.equal(status.response.items[0].open, true);

    const orders = await join(s, "collection:order", JOIN_ORDERS);
    assert.equal(orders.status, "ok", JSON.stringify(orders.response));
    assert.deepEqual(orders.response.items, [], "a fresh store has no orders today");
  });

  test("a category write sends the whole menu again as an update on collection:menu", { timeout: 20_000 }, async (t) => {
    const s = await page(t);
    const menu = await joinOk(s, "collection:menu", JOIN);
    const inbox = new Inbox(menu, "change");

    const created = await api(node, "POST", "/api/collections/category/records", {
      id: 0,
      name: "Kald drikke",
      sort_order: 2,
      enable: true,
      valid_customizations: [],
    });
    assert.ok(created.status >= 200 && created.status < 300, `${created.status} ${created.text}`);
    assert.equal(typeof created.json.id, "number", created.text);
    assert.notEqual(created.json.id, 0, "the id 0 the frontend sends is ignored");
    assert.notEqual(created.json.id, 1, "the serial id does not collide with the seeded category 1");

    const change = await inbox.next(
      (c) => c.action === "update" && (c.record?.indexes?.categories ?? []).some((cat) => cat.name === "Kald drikke"),
    );
    assert.ok(Array.isArray(change.record.tree));
    assert.deepEqual(names(change.record.indexes.categories), ["Varm drikke", "Kald drikke"]);
    assert.deepEqual(change.record.indexes.items_by_category[String(created.json.id)], []);
    assert.deepEqual(
      names(change.record.indexes.customizations_by_key["1"]),
      ["Havre", "Hel", "Laktosefri"],
      "the whole menu, not just the category",
    );
    await sleep(200);
    assert.ok(inbox.items.every((c) => c.action === "update"), `menu events are updates: ${JSON.stringify(inbox.items)}`);
  });

  test("orders: snapshot, day_id 101 then 102, state updates, 422 for unknown items, new_order for admins",
    { timeout: 30_000 }, async (t) => {
      const s = await page(t);
      const orders = await joinOk(s, "collection:order", JOIN_ORDERS);
      const inbox = new Inbox(orders, "change");

      // Only an admin token may join notifications:admin.
      const anonymous = await join(s, "notifications:admin", {});
      assert.equal(anonymous.status, "error", `anonymous join: ${JSON.stringify(anonymous.response)}`);
      const admin = await page(t, { token: token({ sub: "a", role: "admin" }) });
      const notices = new Inbox(await joinOk(admin, "notifications:admin", {}), "new_order");

      const first = await api(node, "POST", "/api/collections/order/records", ORDER);
      assert.equal(first.status, 201, first.text);
      const id1 = first.json.id;
      assert.equal(typeof id1, "number", first.text);

      const created = await inbox.next((c) => c.action === "create" && c.record?.id === id1);
      const order = created.record;
      assert.equal(order.day_id, 101, "the first order of the day in a fresh store");
      assert.equal(order.state, "received");
      assert.equal(order.customer_id, 1);
      assert.equal(order.missing_information, false);
      assert.match(order.uuid, /^[0-9a-f-]{36}$/);
      assert.deepEqual(order.items, [CORTADO_SNAPSHOT]);
      assert.deepEqual(first.json, order, "the REST answer is the pushed record");

      const notice = await notices.next((n) => n.order_id === id1);
      assert.deepEqual(notice, { order_id: id1, day_id: 101, message: "New order 101", timestamp: order.inserted_at });

      const second = await api(node, "POST", "/api/collections/order/records", ORDER);
      assert.equal(second.status, 201, second.text);
      const id2 = second.json.id;
      assert.notEqual(id2, id1);
      const created2 = await inbox.next((c) => c.action === "create" && c.record?.id === id2);
      assert.equal(created2.record.day_id, 102);
      assert.deepEqual(created2.record.items, [CORTADO_SNAPSHOT]);
      assert.equal((await notices.next((n) => n.order_id === id2)).day_id, 102);

      const unknown = await api(node, "POST", "/api/collections/order/records", {
        ...ORDER,
        items: [{ item: 999, customizations: [] }],
      });
      assert.equal(unknown.status, 422, unknown.text);
      assert.equal(typeof unknown.json?.errors, "object", unknown.text);
      assert.ok(Object.keys(unknown.json.errors).length > 0, unknown.text);
      const empty = await api(node, "POST", "/api/collections/order/records", { ...ORDER, items: [] });
      assert.equal(empty.status, 422, empty.text);
      assert.equal(typeof empty.json?.errors, "object", empty.text);

      const patched = await api(node, "PATCH", `/api/collections/order/records/${id1}`, { state: "production" });
      assert.equal(patched.status, 200, patched.text);
      const updated = await inbox.next((c) => c.action === "update" && c.record?.id === id1);
      assert.equal(updated.record.state, "production");
      assert.equal(updated.record.day_id, 101, "an update keeps the day_id");
      assert.equal(updated.record.uuid, order.uuid);
      assert.deepEqual(updated.record.items, [CORTADO_SNAPSHOT], "the update carries the full order");

      // Changes arrive in order, so the refused orders, written before the PATCH, would be here by now.
      await sleep(200);
      assert.deepEqual(
        inbox.items.map((c) => [c.action, c.record?.id]),
        [["create", id1], ["create", id2], ["update", id1]],
        "no push for the refused orders",
      );
      assert.equal(notices.items.length, 2, `one new_order per stored order: ${JSON.stringify(notices.items)}`);

      const listed = await api(node, "GET", "/api/collections/order/records?from_date=today");
      assert.deepEqual(listed.json.map((o) => o.day_id).sort(), [101, 102]);
    });

  test("status updates and message create/delete reach their subscribers", { timeout: 20_000 }, async (t) => {
    const s = await page(t);
    const statusInbox = new Inbox(await joinOk(s, "collection:status", JOIN), "change");
    const messageInbox = new Inbox(await joinOk(s, "collection:message", JOIN), "change");

    const closed = await api(node, "PATCH", "/api/collections/status/records/1", {
      open: false,
      show_message: false,
      message_id: null,
    });
    assert.equal(closed.status, 200, closed.text);
    const statusChange = await statusInbox.next((c) => c.action === "update");
    assert.equal(statusChange.record.id, 1, "the same integer id as the join data");
    assert.equal(statusChange.record.open, false);
    assert.equal(statusChange.record.show_message, false);
    assert.equal(statusChange.record.message_id, null);

    const made = await api(node, "POST", "/api/collections/message/records", { title: "", subtitle: null });
    assert.ok(made.status >= 200 && made.status < 300, `${made.status} ${made.text}`);
    const messageId = made.json.id;
    assert.equal(typeof messageId, "number", made.text);
    const createdMsg = await messageInbox.next((c) => c.action === "create");
    assert.equal(createdMsg.record.id, messageId);
    assert.equal(createdMsg.record.title, "");
    assert.equal(createdMsg.record.subtitle, null);

    const removed = await api(node, "DELETE", `/api/collections/message/records/${messageId}`);
    assert.ok(removed.status >= 200 && removed.status < 300, `${removed.status} ${removed.text}`);
    const deleted = await messageInbox.next((c) => c.action === "delete");
    assert.deepEqual(deleted.record, { id: messageId });
  });
});
