/**
 * Rates as people write them — receive major units per one send major unit, e.g. "7.2" PHP per
 * HKD — turned into the ledger's exact ratio of minor units: r = a / 10^k major per major is
 * a × 10^receiveMinorUnits / (10^k × 10^sendMinorUnits) minor per minor. No floating point.
 */
import { InvalidParameterError } from "../errors.ts";

const DECIMAL = /^(0|[1-9][0-9]{0,11})(?:\.([0-9]{1,12}))?$/;
/** The ledger stores a rate's numerator and denominator as unsigned 64-bit integers. */
const U64_MAX = (1n << 64n) - 1n;

export interface RateRatio {
  readonly num: bigint;
  readonly den: bigint;
}

/** "7.2" → { num: 72 × 10^recv, den: 10 × 10^send }; "0" → any rate (num 0) when allowed. */
export function parseRate(
  name: string,
  text: string,
  sendMinorUnits: number,
  receiveMinorUnits: number,
  options: { readonly allowZero?: boolean } = { allowZero: true },
): RateRatio {
  const match = typeof text === "string" ? DECIMAL.exec(text) : null;
  if (match === null) {
    throw new InvalidParameterError(
      name,
      `"${String(text)}" is not a rate: write receive units per one send unit as a decimal, e.g. "7.2"`,
    );
  }
  const fraction = match[2] ?? "";
  const num = BigInt(match[1]! + fraction) * 10n ** BigInt(receiveMinorUnits);
  const den = 10n ** BigInt(fraction.length + sendMinorUnits);
  if (num === 0n) {
    if (options.allowZero !== true) {
      throw new InvalidParameterError(name, "a rate must be greater than zero");
    }
    return { num: 0n, den: 1n };
  }
  const divisor = gcd(num, den);
  const reduced = { num: num / divisor, den: den / divisor };
  // Twelve digits on each side of the point fit the pattern but not always the ledger: the
  // encoder would refuse the ratio with an assertion, far from the parameter that caused it.
  if (reduced.num > U64_MAX || reduced.den > U64_MAX) {
    throw new InvalidParameterError(
      name,
      `"${text}" is too precise or too large for the ledger: as a ratio of minor units it needs more than 64 bits; write fewer digits`,
    );
  }
  return reduced;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
