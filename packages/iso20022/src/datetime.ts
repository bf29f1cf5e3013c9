/**
 * Times from the agreed block time (milliseconds since the epoch, UTC). ISODateTime carries an
 * explicit offset, "+00:00", because cross-border usage guidelines ask for one; ISODate is the
 * UTC calendar date. Formatting a given instant reads no clock.
 */
import type { Problems } from "./errors.ts";

/** 9999-12-31T23:59:59.999Z: four-digit years only, as ISO 8601 basic dates have. */
const MS_MAX = 253_402_300_799_999;

function checked(ms: unknown, path: string, problems: Problems): number | undefined {
  if (typeof ms !== "number" || !Number.isSafeInteger(ms) || ms < 0 || ms > MS_MAX) {
    problems.add(path, "invalid", "expected milliseconds since 1970 (UTC) up to the year 9999");
    return undefined;
  }
  return ms;
}

/** e.g. 2026-05-01T08:30:00.125+00:00 */
export function isoDateTime(ms: unknown, path: string, problems: Problems): string {
  const value = checked(ms, path, problems);
  return value === undefined ? "" : new Date(value).toISOString().replace(/Z$/, "+00:00");
}

/** e.g. 2026-05-01 */
export function isoDate(ms: unknown, path: string, problems: Problems): string {
  const value = checked(ms, path, problems);
  return value === undefined ? "" : new Date(value).toISOString().slice(0, 10);
}
