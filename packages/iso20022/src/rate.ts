/**
 * Exchange rates as ISO 20022 writes them (BaseOneRate: at most 11 digits, 10 after the point),
 * from the ledger's exact rational rate. The XML rate is informative — the amounts are what
 * settled — so it is rounded to the nearest representable decimal (half away from zero), with
 * exact bigint arithmetic and trailing zeros dropped.
 */
const TOTAL_DIGITS_MAX = 11;
const FRACTION_DIGITS_MAX = 10;

/** numerator / denominator as a BaseOneRate decimal string, e.g. (7_1234n, 1_0000n) → "7.1234". */
export function exchangeRateFromRatio(numerator: bigint, denominator: bigint): string {
  if (
    typeof numerator !== "bigint" ||
    typeof denominator !== "bigint" ||
    numerator <= 0n ||
    denominator <= 0n
  ) {
    throw new RangeError("exchange rate: expected a positive numerator and denominator (bigint)");
  }
  const limit = 10n ** BigInt(TOTAL_DIGITS_MAX);
  for (let fraction = FRACTION_DIGITS_MAX; fraction >= 0; fraction--) {
    const scale = 10n ** BigInt(fraction);
    const scaled = numerator * scale;
    let units = scaled / denominator;
    if ((scaled % denominator) * 2n >= denominator) units += 1n;
    if (units < limit) {
      if (units === 0n)
        throw new RangeError("exchange rate: smaller than 1e-10, not representable");
      return trimZeros(units, fraction);
    }
  }
  throw new RangeError(`exchange rate: ${TOTAL_DIGITS_MAX} or more digits before the point`);
}

function trimZeros(units: bigint, fraction: number): string {
  const digits = units.toString().padStart(fraction + 1, "0");
  const whole = digits.slice(0, digits.length - fraction);
  const rest = digits.slice(digits.length - fraction).replace(/0+$/, "");
  return rest === "" ? whole : `${whole}.${rest}`;
}

/** A BaseOneRate decimal: digits, at most one point, ≤ 11 digits, ≤ 10 after the point, > 0. */
export function isBaseOneRate(text: unknown): text is string {
  if (typeof text !== "string" || !/^(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$/.test(text)) return false;
  const [whole, fraction = ""] = text.split(".");
  const significant = (whole === "0" ? "" : whole!) + fraction;
  return (
    fraction.length <= FRACTION_DIGITS_MAX &&
    significant.replace(/^0+/, "").length <= TOTAL_DIGITS_MAX &&
    /[1-9]/.test(text)
  );
}
