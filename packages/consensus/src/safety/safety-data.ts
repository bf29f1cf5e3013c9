/**
 * What the safety module persists: the position and bytes of the last thing it agreed to sign,
 * and the lock. Small and fixed in shape, so the real store can write it with one synchronous
 * write (LMDB or an fsync'd file) before any signature leaves the module.
 */
import { Reader, Writer, decodeAll } from "@tongbao/codec";
import type { Height, Round } from "@tongbao/types";
import { ENCODING_VERSION, HASH_BYTES } from "../messages.ts";

/** Signing order within a round: a proposal, then a prevote, then a precommit. */
export type SignedStep = 0 | 1 | 2;
export const STEP_PROPOSAL: SignedStep = 0;
export const STEP_PREVOTE: SignedStep = 1;
export const STEP_PRECOMMIT: SignedStep = 2;

/** A proposal or vote encoding is under 100 bytes; this bound only keeps the record canonical. */
const SIGNED_PAYLOAD_BYTES_MAX = 256;

export interface SignedPosition {
  readonly height: Height;
  readonly round: Round;
  readonly step: SignedStep;
}

export interface SafetyData {
  /** The last position agreed to, with the exact payload bytes; absent before the first. */
  readonly last?: SignedPosition & { readonly payload: Uint8Array };
  /** Set when a precommit for a block is signed (Alg. 1 l.38–40). */
  readonly lock?: { readonly height: Height; readonly round: Round; readonly blockId: Uint8Array };
}

/**
 * Synchronous on purpose: `save` returns only once the data is durable, and the module signs
 * only after it returns. A failing `save` throws, and the node halts without signing.
 */
export interface SafetyStore {
  load(): SafetyData | undefined;
  save(data: SafetyData): void;
}

/** Orders positions lexicographically by (height, round, step). */
export function comparePositions(a: SignedPosition, b: SignedPosition): number {
  if (a.height !== b.height) return a.height < b.height ? -1 : 1;
  if (a.round !== b.round) return a.round < b.round ? -1 : 1;
  return a.step - b.step;
}

export function encodeSafetyData(data: SafetyData): Uint8Array {
  const w = new Writer(256).u8(ENCODING_VERSION);
  w.bool(data.last !== undefined);
  if (data.last !== undefined) {
    w.u53(data.last.height).u32(data.last.round).u8(data.last.step);
    w.bytes(data.last.payload, SIGNED_PAYLOAD_BYTES_MAX);
  }
  w.bool(data.lock !== undefined);
  if (data.lock !== undefined) {
    w.u53(data.lock.height).u32(data.lock.round).fixed(data.lock.blockId, HASH_BYTES);
  }
  return w.finish();
}

export function decodeSafetyData(bytes: Uint8Array): SafetyData {
  return decodeAll(bytes, (r: Reader): SafetyData => {
    r.tag([ENCODING_VERSION], "safety data version");
    const last = r.bool("has last")
      ? {
          height: r.u53("height") as Height,
          round: r.u32("round") as Round,
          step: r.tag([0, 1, 2], "step") as SignedStep,
          payload: r.bytes(SIGNED_PAYLOAD_BYTES_MAX, "payload").slice(),
        }
      : undefined;
    const lock = r.bool("has lock")
      ? {
          height: r.u53("lock height") as Height,
          round: r.u32("lock round") as Round,
          blockId: r.fixed(HASH_BYTES, "lock block id").slice(),
        }
      : undefined;
    return { ...(last === undefined ? {} : { last }), ...(lock === undefined ? {} : { lock }) };
  });
}

/**
 * The in-memory twin of the durable store, for tests and the simulator. It keeps encoded bytes,
 * so a reopened module sees exactly what a disk would give back and nothing is shared by
 * reference.
 */
export class MemorySafetyStore implements SafetyStore {
  private bytes: Uint8Array | undefined;

  load(): SafetyData | undefined {
    return this.bytes === undefined ? undefined : decodeSafetyData(this.bytes);
  }

  save(data: SafetyData): void {
    this.bytes = encodeSafetyData(data);
  }
}
