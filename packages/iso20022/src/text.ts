/**
 * ISO 20022 text types. The schema's MaxNText allows any Unicode of 1..N characters; we add:
 *
 * - Identifiers (message, instruction, end-to-end and account ids) keep to the SWIFT FIN-X
 *   character set that cross-border (CBPR+) messages require — `A–Z a–z 0–9 / - ? : ( ) . , ' +`
 *   and space — do not start or end with "/" and contain no "//", so an id survives every hop
 *   to a legacy system unchanged.
 * - Names and free text may use any script (a Hong Kong payer's name in Chinese is data), but
 *   no control characters — XML 1.0 cannot carry most of them — and no spaces at either end.
 *
 * Text that breaks a rule is refused, not truncated: a shortened name or id in a booked record
 * is worse than an export that asks for a fix. Callers who decide to shorten (a long memo, say)
 * do so explicitly with truncateText.
 */
import type { Problems } from "./errors.ts";

const FIN_X = /^[A-Za-z0-9/\-?:().,'+ ]*$/;
/** C0/C1 controls (XML 1.0 forbids most), lone surrogates, and the non-characters FFFE/FFFF. */
const FORBIDDEN = /[\p{Cc}\p{Surrogate}\uFFFE\uFFFF]/u;

export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function present(value: unknown, path: string, problems: Problems): value is string {
  if (typeof value !== "string" || value.trim() === "") {
    problems.add(path, "required", "required: non-empty text");
    return false;
  }
  if (value.trim() !== value) {
    problems.add(path, "invalid", "remove the spaces at the start or end");
    return false;
  }
  return true;
}

/** An identifier of at most `max` characters in the FIN-X set. Returns it, or "" if refused. */
export function idText(value: unknown, path: string, max: number, problems: Problems): string {
  if (!present(value, path, problems)) return "";
  const before = problems.count;
  if (!FIN_X.test(value)) {
    problems.add(path, "invalid", `use only A–Z a–z 0–9 / - ? : ( ) . , ' + and space`);
  } else if (value.startsWith("/") || value.endsWith("/") || value.includes("//")) {
    problems.add(path, "invalid", 'must not start or end with "/" or contain "//"');
  }
  if (value.length > max)
    problems.add(path, "too_long", `is ${value.length} characters; at most ${max}`);
  return problems.count === before ? value : "";
}

/** A name or free text of at most `max` characters, any script. Returns it, or "" if refused. */
export function freeText(value: unknown, path: string, max: number, problems: Problems): string {
  if (!present(value, path, problems)) return "";
  const before = problems.count;
  if (FORBIDDEN.test(value)) {
    problems.add(path, "invalid", "contains a control character or a broken surrogate");
  }
  const length = codePoints(value);
  if (length > max) problems.add(path, "too_long", `is ${length} characters; at most ${max}`);
  return problems.count === before ? value : "";
}

/** A value that must match a format (BIC, LEI, country…). Returns it, or "" if refused. */
export function formatted(
  value: unknown,
  path: string,
  pattern: RegExp,
  expected: string,
  problems: Problems,
): string {
  if (typeof value !== "string" || !pattern.test(value)) {
    const shown = typeof value === "string" ? `"${value.slice(0, 40)}"` : String(value);
    problems.add(
      path,
      typeof value === "string" ? "invalid" : "required",
      `${shown} is not ${expected}`,
    );
    return "";
  }
  return value;
}

export function oneOf<T extends string>(
  value: unknown,
  path: string,
  values: readonly T[],
  problems: Problems,
): T {
  if (typeof value === "string" && (values as readonly string[]).includes(value)) return value as T;
  problems.add(path, "invalid", `"${String(value)}" is not one of ${values.join(", ")}`);
  return values[0]!;
}

/**
 * The first `max` code points of `text`, with trailing spaces removed, for a caller that has
 * decided a field may be shortened. Never splits a surrogate pair.
 */
export function truncateText(text: string, max: number): string {
  if (!Number.isSafeInteger(max) || max < 1)
    throw new RangeError("max: expected a positive integer");
  if (codePoints(text) <= max) return text;
  return [...text].slice(0, max).join("").trimEnd();
}

export const BIC_PATTERN = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
export const LEI_PATTERN = /^[A-Z0-9]{18}[0-9]{2}$/;
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
