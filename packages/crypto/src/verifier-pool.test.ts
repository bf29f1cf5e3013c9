// Goal: the worker-thread pool gives exactly the answers of the in-thread Verifier, in order,
// for valid and invalid signatures of both key types, and refuses use after close.
// Method: sign a batch with real keys, corrupt some signatures and payloads, compare the pool's
// answers with Verifier.verify item by item; batches larger than one slice and empty batches.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KeyType } from "@tongbao/codec";
import { Verifier, VerifierPool, generateKeyPair, sign, type VerifyItem } from "./index.ts";

function batch(count: number): VerifyItem[] {
  const keys = [generateKeyPair(KeyType.Ed25519), generateKeyPair(KeyType.P256)];
  const items: VerifyItem[] = [];
  for (let i = 0; i < count; i++) {
    const key = keys[i % 2]!;
    const input = {
      chainId: "tongbao-test",
      purpose: "tx",
      payload: Uint8Array.of(i & 0xff, i >> 8),
    };
    let signature = sign(key.privateKey, input);
    let payload = input.payload;
    if (i % 5 === 3) signature = Uint8Array.from(signature, (b, j) => (j === 0 ? b ^ 1 : b));
    if (i % 7 === 4) payload = Uint8Array.of(9, 9, 9);
    items.push({ ...input, payload, keyType: key.type, publicKey: key.publicKey, signature });
  }
  return items;
}

test("the pool answers as the in-thread verifier does, in order", async () => {
  const pool = new VerifierPool({ threads: 2 });
  try {
    const items = batch(300);
    const expected = items.map((item) => new Verifier().verify(item));
    assert.ok(expected.includes(true) && expected.includes(false));
    assert.deepEqual(await pool.verifyBatch(items), expected);
    assert.deepEqual(await pool.verifyBatch([]), []);
  } finally {
    await pool.close();
  }
});

test("a closed pool refuses work, and bad thread counts are refused", async () => {
  const pool = new VerifierPool({ threads: 1 });
  await pool.close();
  await assert.rejects(pool.verifyBatch(batch(1)), /closed/);
  assert.throws(() => new VerifierPool({ threads: 0 }), RangeError);
});
