/**
 * The signature bound of this machine, measured by the bench itself in the same run as the
 * load (docs/performance.md): every validator verifies every payment's signature once, so with
 * V validators sharing C cores no ledger can commit more than `verify/s per core × C ÷ V`
 * payments/s, whatever else it does.
 *
 * Measured as the node verifies: crypto's Verifier with its KeyObject cache warm, over a ring of
 * distinct signed 200-byte payloads (a payment's size), on this thread. The machine is shared,
 * so the rate is the median of several short windows.
 */
import { availableParallelism } from "node:os";
import {
  KeyType,
  Verifier,
  generateKeyPair,
  sign,
  signingKeyFromPrivateKey,
  type VerifyItem,
} from "@tongbao/crypto";
import { median } from "./stats.ts";

export interface Bound {
  /** Ed25519 verifications per second on one core. */
  readonly verifyPerCore: number;
  /** ECDSA P-256 verifications per second on one core. */
  readonly p256VerifyPerCore: number;
  readonly cores: number;
}

export interface MeasureOptions {
  readonly windowMs: number;
  readonly windows: number;
}

const RING_ITEMS = 64;
const PAYLOAD_BYTES = 200;

function signedRing(keyType: KeyType): VerifyItem[] {
  const key = generateKeyPair(keyType);
  const signing = signingKeyFromPrivateKey(key.privateKey);
  return Array.from({ length: RING_ITEMS }, (_, i) => {
    const payload = new Uint8Array(PAYLOAD_BYTES).fill(i);
    const input = { chainId: "tongbao-bench", purpose: "tx" as const, payload };
    return { ...input, keyType, publicKey: key.publicKey, signature: sign(signing, input) };
  });
}

/** Verifications per second on this thread: the median of `windows` windows of `windowMs`. */
export function verifyRate(keyType: KeyType, options: MeasureOptions): number {
  const items = signedRing(keyType);
  const verifier = new Verifier();
  for (const item of items) {
    if (!verifier.verify(item)) throw new Error("bound: a freshly signed item did not verify");
  }
  const rates: number[] = [];
  let i = 0;
  for (let w = 0; w < options.windows; w++) {
    const started = performance.now();
    let n = 0;
    let elapsedMs = 0;
    do {
      for (let k = 0; k < 16; k++) verifier.verify(items[i++ % RING_ITEMS]!);
      n += 16;
      elapsedMs = performance.now() - started;
    } while (elapsedMs < options.windowMs);
    rates.push((n * 1000) / elapsedMs);
  }
  return median(rates);
}

export function measureBound(options: MeasureOptions): Bound {
  return {
    verifyPerCore: verifyRate(KeyType.Ed25519, options),
    p256VerifyPerCore: verifyRate(KeyType.P256, options),
    cores: availableParallelism(),
  };
}

/** Payments/s the signature checks alone allow `validators` validators on `bound.cores` cores. */
export function boundTps(bound: Bound, validators: number): number {
  return (bound.verifyPerCore * bound.cores) / validators;
}
