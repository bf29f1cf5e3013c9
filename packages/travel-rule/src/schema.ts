/**
 * A small checker for JSON-shaped input. Each check walks an `unknown` value, appends problems
 * instead of throwing, and returns a fresh copy holding only the fields it knows — so what gets
 * hashed is exactly what was validated, never an extra property or a getter's side effect.
 */
import { childPath, indexPath, type ProblemCode, type ValidationProblem } from "./problems.ts";

export type Problems = ValidationProblem[];

export interface Check<T> {
  /** What a valid value looks like, for the message of a missing or wrong one. */
  readonly expected: string;
  /** Returns the checked copy, or undefined when the value itself is unusable. */
  run(value: unknown, path: string, problems: Problems): T | undefined;
}

export interface Field<T> {
  readonly check: Check<T>;
  readonly required: boolean;
}

/**
 * A rule across fields. It sees the raw object, not the checked copy, so it still reports when
 * a field it looks at is itself invalid (each problem is found in the same pass), and it must
 * therefore tolerate any JSON value in any field.
 */
export type Rule = (
  input: Readonly<Record<string, unknown>>,
  path: string,
  problems: Problems,
) => void;

export function report(problems: Problems, path: string, code: ProblemCode, message: string) {
  problems.push({ path, code, message });
}

export const required = <T>(check: Check<T>): Field<T> => ({ check, required: true });
export const optional = <T>(check: Check<T>): Field<T> => ({ check, required: false });

/** C0 and C1 control characters, and halves of surrogate pairs that have lost their partner. */
const FORBIDDEN_CHARACTER = /[\p{Cc}\p{Surrogate}]/u;

/**
 * Text of 1..maxChars Unicode code points (IVMS101's MaxNText), in NFC, without control
 * characters or spaces at either end: two spellings of one name would hash differently.
 */
export function text(maxChars: number): Check<string> {
  const expected = `text of 1–${maxChars} characters`;
  return {
    expected,
    run(value, path, problems) {
      if (typeof value !== "string") {
        report(problems, path, "wrong_type", `expected ${expected}, not ${describe(value)}`);
        return undefined;
      }
      if (value.trim() === "") {
        report(problems, path, "empty", `must not be empty; send ${expected}`);
        return undefined;
      }
      const before = problems.length;
      if (value.trim() !== value) {
        report(problems, path, "invalid", "remove the spaces at the start or end");
      }
      if (FORBIDDEN_CHARACTER.test(value)) {
        report(problems, path, "invalid", "contains a control character or a broken surrogate");
      } else if (value.normalize("NFC") !== value) {
        report(problems, path, "invalid", "is not in Unicode NFC form; normalize it to NFC");
      }
      const length = [...value].length;
      if (length > maxChars) {
        report(problems, path, "too_long", `is ${length} characters; at most ${maxChars}`);
      }
      return problems.length === before ? value : undefined;
    },
  };
}

/** Text that must also match a format, e.g. a country code. */
export function format(
  pattern: RegExp,
  expected: string,
  extra?: (value: string, path: string, problems: Problems) => void,
): Check<string> {
  return {
    expected,
    run(value, path, problems) {
      if (typeof value !== "string") {
        report(problems, path, "wrong_type", `expected ${expected}, not ${describe(value)}`);
        return undefined;
      }
      if (!pattern.test(value)) {
        report(problems, path, "invalid", `"${clip(value)}" is not ${expected}`);
        return undefined;
      }
      const before = problems.length;
      extra?.(value, path, problems);
      return problems.length === before ? value : undefined;
    },
  };
}

export function code<T extends string>(values: readonly T[]): Check<T> {
  const expected = `one of ${values.map((v) => `"${v}"`).join(", ")}`;
  return {
    expected,
    run(value, path, problems) {
      if (typeof value === "string" && (values as readonly string[]).includes(value)) {
        return value as T;
      }
      const got = typeof value === "string" ? `"${clip(value)}"` : describe(value);
      report(
        problems,
        path,
        typeof value === "string" ? "invalid" : "wrong_type",
        `${got} is not ${expected}`,
      );
      return undefined;
    },
  };
}

export function list<T>(item: Check<T>, min: number, max: number): Check<readonly T[]> {
  const expected = min > 0 ? `a list of ${min}–${max} items` : `a list of at most ${max} items`;
  return {
    expected,
    run(value, path, problems) {
      if (!Array.isArray(value)) {
        report(problems, path, "wrong_type", `expected ${expected}, not ${describe(value)}`);
        return undefined;
      }
      if (value.length < min || value.length > max) {
        report(problems, path, "count", `has ${value.length} items; expected ${expected}`);
        if (value.length > max) return undefined; // do not walk a hostile list
      }
      const out: T[] = [];
      for (let i = 0; i < value.length; i++) {
        const checked = item.run(value[i], indexPath(path, i), problems);
        if (checked !== undefined) out.push(checked);
      }
      return out;
    },
  };
}

/**
 * An object with known fields. Unknown fields are refused: the data is hashed onto a shared
 * ledger, so nothing may ride along unchecked.
 */
export function record<T>(
  name: string,
  fields: { readonly [K in keyof T]-?: Field<T[K]> },
  rules: readonly Rule[] = [],
): Check<T> {
  const expected = `an object (${name})`;
  const known = fields as Readonly<Record<string, Field<unknown>>>;
  return {
    expected,
    run(value, path, problems) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        report(problems, path, "wrong_type", `expected ${expected}, not ${describe(value)}`);
        return undefined;
      }
      const input = value as Record<string, unknown>;
      const before = problems.length;
      for (const key of Object.keys(input)) {
        if (!Object.hasOwn(known, key)) {
          report(
            problems,
            childPath(path, key),
            "unknown_field",
            `is not a field of ${name}; remove it`,
          );
        }
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(known)) {
        const field = known[key]!;
        const fieldPath = childPath(path, key);
        const fieldValue = Object.hasOwn(input, key) ? input[key] : undefined;
        if (fieldValue === undefined) {
          if (field.required)
            report(problems, fieldPath, "required", `required: ${field.check.expected}`);
          continue;
        }
        const checked = field.check.run(fieldValue, fieldPath, problems);
        if (checked !== undefined) out[key] = checked;
      }
      for (const rule of rules) rule(input, path, problems);
      return problems.length === before ? (out as T) : undefined;
    },
  };
}

/** Helpers for rules, which read raw input of any shape. */
export function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function itemsOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function present(input: Readonly<Record<string, unknown>>, key: string): boolean {
  return Object.hasOwn(input, key) && input[key] !== undefined;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** Echo at most 40 characters of bad input back in a message. */
function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
