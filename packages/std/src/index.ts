export { AssertionError, assert, maybe, unreachable } from "./assert.ts";
export { Prng } from "./prng.ts";
export { BoundedQueue } from "./bounded-queue.ts";
export {
  bytesToHex,
  rangeToHex,
  hexToBytes,
  compareBytes,
  equalBytes,
  concatBytes,
} from "./bytes.ts";
export { divide, mulDiv, minBigint, maxBigint, type Rounding } from "./bigint.ts";
export { MinHeap } from "./min-heap.ts";
export { grownTypedArray, type GrowableTypedArray } from "./typed-arrays.ts";
