/**
 * Money is a bigint count of a currency's minor units (cents, fen). Never a float.
 * AMOUNT_MAX bounds every amount, balance and supply so that sums of two never leave the
 * signed 64-bit range that back-office systems and databases use.
 */
export type Amount = bigint & { readonly __brand: "Amount" };

export const AMOUNT_MAX = (1n << 63n) - 1n;

export function isAmount(value: unknown): value is Amount {
  return typeof value === "bigint" && value >= 0n && value <= AMOUNT_MAX;
}

/** Boundary validator: returns the value as an Amount or throws TypeError/RangeError. */
export function aAmount(value: unknown, title = "amount"): Amount {
  if (typeof value !== "bigint") throw new TypeError(`${title}: expected a bigint`);
  if (value < 0n || value > AMOUNT_MAX) {
    throw new RangeError(`${title}: ${value} is outside 0..${AMOUNT_MAX}`);
  }
  return value as Amount;
}

const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/**
 * Parses a decimal string such as "12.30" into minor units for a currency with `minorUnits`
 * digits after the point. Refuses more digits than the currency has, signs, exponents and
 * anything that is not a plain decimal, with a message that says what to send instead.
 */
export function parseAmount(text: unknown, minorUnits: number, title = "amount"): Amount {
  if (typeof text !== "string") {
    throw new TypeError(`${title}: expected a decimal string such as "12.50", not ${typeof text}`);
  }
  const match = DECIMAL.exec(text);
  if (match === null) {
    throw new RangeError(
      `${title}: "${text}" is not a plain decimal; write digits with at most one ".", e.g. "12.50"`,
    );
  }
  const whole = match[1]!;
  const fraction = (match[2] ?? ".").slice(1);
  if (fraction.length > minorUnits) {
    throw new RangeError(
      `${title}: "${text}" has ${fraction.length} digits after the point; this currency allows ${minorUnits}`,
    );
  }
  const minor = BigInt(whole + fraction.padEnd(minorUnits, "0"));
  if (minor > AMOUNT_MAX)
    throw new RangeError(`${title}: "${text}" is larger than the maximum amount`);
  return minor as Amount;
}

/** Formats minor units as a decimal string with exactly `minorUnits` digits after the point. */
export function formatAmount(amount: bigint, minorUnits: number): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(minorUnits + 1, "0");
  const whole = digits.slice(0, digits.length - minorUnits);
  const fraction = digits.slice(digits.length - minorUnits);
  return (negative ? "-" : "") + (minorUnits === 0 ? whole : `${whole}.${fraction}`);
}
