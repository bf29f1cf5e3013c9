// Goal: the worked example of docs/spec/qr.md is what the code produces, so the spec and the
// code cannot drift apart. Method: rebuild the code from the documented parameters, sign it with
// the documented key (RFC 8032 §7.1 test 1; Ed25519 is deterministic), and compare the payload
// and every documented value with the text of the spec.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ed25519 } from "@noble/curves/ed25519.js";
import { KeyType, signingMessage } from "@tongbao/codec";
import {
  attachSignature,
  buildTongbaoCode,
  readTongbaoCode,
  signingPayload,
  verifyTongbaoCode,
  type QrResult,
} from "./index.ts";

const SPEC = readFileSync(new URL("../../../docs/spec/qr.md", import.meta.url), "utf8");
/** The spec with every run of white space as one space: line breaks in prose do not matter. */
const PROSE = SPEC.replace(/\s+/g, " ");
const SEED = Buffer.from("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "hex");
const NOW_MS = Date.parse("2026-01-01T00:00:00Z");

function value<T>(result: QrResult<T>): T {
  if (!result.ok) assert.fail(result.error.message);
  return result.value;
}

test("the spec's worked example is the code's output, value by value", () => {
  const documented = /<!-- example-payload -->\s*```\s*\n([^\n]+)\n```/.exec(SPEC)?.[1];
  assert.ok(documented !== undefined, "the spec marks its example payload");
  const unsigned = value(
    buildTongbaoCode({
      account: "5f1e3c0d6e2b4a7981a0c2d4e6f8091a2b3c4d5e",
      institution: "hk-emoney",
      merchantName: "TEA HOUSE",
      city: "HONG KONG",
      mcc: "5812",
      currency: "HKD",
      amount: "12.50",
      reference: "INV-2026-0001",
      nowMs: NOW_MS,
      expiresAtMs: NOW_MS + 15 * 60_000,
      alternateLanguage: { language: "ZH", name: "茶館" },
    }),
  );
  const signed = value(signingPayload(unsigned));
  const message = signingMessage({ chainId: "tongbao-devnet-1", purpose: "qr", payload: signed });
  const signature = ed25519.sign(message, SEED);
  const payload = value(attachSignature(unsigned, { keyType: KeyType.Ed25519, signature }));
  assert.equal(payload, documented);

  const publicKey = ed25519.getPublicKey(SEED);
  const code = value(
    verifyTongbaoCode(payload, {
      chainId: "tongbao-devnet-1",
      keyType: KeyType.Ed25519,
      publicKey,
      nowMs: NOW_MS,
    }),
  );
  const mentioned = (text: string) => assert.ok(PROSE.includes(text), `the spec says ${text}`);
  mentioned(Buffer.from(publicKey).toString("hex"));
  mentioned(Buffer.from(message).toString("hex"));
  mentioned(Buffer.from(signature).toString("hex"));
  mentioned(code.ledgerReference!);
  mentioned(`\`${payload.slice(-4)}\``);
  mentioned(
    `(${Array.from(payload).length} characters, ${Buffer.byteLength(payload)} UTF-8 bytes)`,
  );
  const signedText = new TextDecoder().decode(signed);
  mentioned(`(${Array.from(signedText).length} characters, ${signed.length} bytes)`);
  assert.ok(payload.startsWith(signedText + "9067"));
  assert.equal(value(readTongbaoCode(payload)).expiresAtMs, Date.parse("2026-01-01T00:15:00Z"));
});
