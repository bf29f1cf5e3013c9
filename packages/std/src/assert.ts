/**
 * Assertions for invariants. A failed assertion is a bug, never bad input: it throws
 * AssertionError, which nothing catches, so a node halts rather than continue in a wrong state.
 * Bad input is reported with result codes (ledger) or typed errors (API, SDK) instead.
 */
export class AssertionError extends Error {
  override name = "AssertionError";
}

/** Programmer error if false. Declared as a function so TypeScript narrows after the call. */
export function assert(condition: unknown, message?: string): asserts condition {
  if (!condition) throw new AssertionError(message ?? "assertion failed");
}

/** Documents that `condition` is expected to be both true and false in normal operation. */
export function maybe(_condition: boolean): void {}

/** Exhaustiveness check for discriminated unions. */
export function unreachable(value: never): never {
  throw new AssertionError(`unreachable: ${String(value)}`);
}
