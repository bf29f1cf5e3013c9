/**
 * Growing typed arrays, for tables kept as columns by slot (the ledger's accounts and
 * idempotency memory).
 */
import { assert } from "./assert.ts";

export type GrowableTypedArray =
  Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array | BigInt64Array;

/** A new array of the same kind, `length` long, starting with a copy of `old`. */
export function grownTypedArray<T extends GrowableTypedArray>(old: T, length: number): T {
  assert(Number.isInteger(length) && length >= old.length, "a grown array is no shorter");
  const Kind = old.constructor as new (length: number) => T;
  const bigger = new Kind(length);
  (bigger as unknown as { set(source: T): void }).set(old);
  return bigger;
}
