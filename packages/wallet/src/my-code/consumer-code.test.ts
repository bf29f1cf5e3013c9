// Goal: a consumer's one-time code is EMV CPM as docs/spec/qr.md §9 lays it out, and a till reads
// back exactly the account, token and deadline — refusing an expired code, another scheme's CPM
// code, a damaged one and text that is not CPM at all.
// Method: codes encoded here and by @tongbao/emvqr directly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeCpm, encodeCpm, isCpmTemplate } from "@tongbao/emvqr";
import { hexToBytes } from "@tongbao/std";
import {
  CONSUMER_CODE_TTL_MS,
  TONGBAO_AID,
  encodeConsumerCode,
  newToken,
  readConsumerCode,
} from "./consumer-code.ts";

const ACCOUNT = "5d9c4a1f0e6b3c2a8f7e6d5c4b3a29181716f5e4";
const TOKEN = "0123456789abcdef0123456789abcdef";
const NOW = 1_800_000_000_000;
const code = { account: ACCOUNT, token: TOKEN, expiresAtMs: NOW + CONSUMER_CODE_TTL_MS };

test("the code is CPM with Tongbao's application, and reads back until it expires", () => {
  const payload = encodeConsumerCode(code);
  assert.ok(payload.startsWith("hQVDUFYw"));
  const decoded = decodeCpm(payload);
  assert.ok(decoded.ok);
  const app = decoded.value.objects[1]!;
  assert.ok(isCpmTemplate(app) && app.tag === "61");
  assert.deepEqual(
    app.objects.map((o) => o.tag),
    ["4F", "50", "DF01", "DF02", "DF03"],
  );
  assert.deepEqual(readConsumerCode(payload, NOW), { ok: true, code });
  assert.deepEqual(readConsumerCode(` ${payload}\n`, NOW + CONSUMER_CODE_TTL_MS - 1), {
    ok: true,
    code,
  });
  const late = readConsumerCode(payload, NOW + CONSUMER_CODE_TTL_MS);
  assert.ok(!late.ok && late.reason === "expired");
});

test("another scheme's code, a damaged one and text that is not CPM are refused", () => {
  const other = encodeCpm([
    { tag: "85", value: new TextEncoder().encode("CPV01") },
    { tag: "61", objects: [{ tag: "4F", value: hexToBytes("A0000000555555") }] },
  ]);
  assert.ok(other.ok);
  const foreign = readConsumerCode(other.value, NOW);
  assert.ok(!foreign.ok && foreign.reason === "other_scheme");

  const short = encodeCpm([
    { tag: "85", value: new TextEncoder().encode("CPV01") },
    {
      tag: "61",
      objects: [
        { tag: "4F", value: hexToBytes(TONGBAO_AID) },
        { tag: "DF01", value: hexToBytes(ACCOUNT) },
      ],
    },
  ]);
  assert.ok(short.ok);
  const damaged = readConsumerCode(short.value, NOW);
  assert.ok(!damaged.ok && damaged.reason === "damaged");

  const mpm = readConsumerCode("000201010211", NOW);
  assert.ok(!mpm.ok && mpm.reason === "not_consumer_code");
});

test("tokens are 16 random bytes, never all zero", () => {
  let calls = 0;
  const token = newToken((bytes) => {
    calls += 1;
    if (calls > 1) bytes[15] = 7;
    return bytes;
  });
  assert.equal(token, `${"00".repeat(15)}07`);
  assert.match(newToken(), /^[0-9a-f]{32}$/);
});
