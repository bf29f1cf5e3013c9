// Goal: every hash a person or a link can produce maps to a view, and links round-trip.
// Method: a table of hashes, and href → parseRoute.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_ROUTE, href, parseRoute } from "./route.ts";

test("hashes map to a role and the rest of the path", () => {
  assert.deepEqual(parseRoute(""), DEFAULT_ROUTE);
  assert.deepEqual(parseRoute("#"), DEFAULT_ROUTE);
  assert.deepEqual(parseRoute("#/merchant"), { role: "merchant", path: [] });
  assert.deepEqual(parseRoute("#/explorer/tx/ab12/"), { role: "explorer", path: ["tx", "ab12"] });
  assert.deepEqual(parseRoute("#explorer//block/7"), { role: "explorer", path: ["block", "7"] });
  assert.deepEqual(parseRoute("#/nowhere/x"), DEFAULT_ROUTE);
  assert.deepEqual(parseRoute("#/consumer/%E0%A4%A"), { role: "consumer", path: ["%E0%A4%A"] });
});

test("links round-trip, whatever the path holds", () => {
  for (const path of [
    ["tx", "ab".repeat(32)],
    ["account", "a b/c"],
    ["block", "12"],
  ]) {
    assert.deepEqual(parseRoute(href("explorer", ...path)), { role: "explorer", path });
  }
});
