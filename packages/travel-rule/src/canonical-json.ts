/**
 * Canonical JSON: one text per value, so that a hash of the text is a hash of the value. It is
 * the JSON Canonicalization Scheme (RFC 8785) restricted to strings, non-negative safe integers,
 * arrays and objects — the values travel-rule data and envelopes hold: keys sorted by UTF-16
 * code units, no whitespace, strings escaped minimally (only `"`, `\` and control characters),
 * properties whose value is undefined left out.
 */
import { assert } from "@tongbao/std";

export type JsonValue =
  string | number | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

/**
 * Typed loosely so interfaces (which have no index signature) pass; a value outside JsonValue
 * is a bug of the caller, who validated it first, and fails an assertion.
 */
type JsonInput = JsonValue | object;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/** Characters JSON must escape; everything else is written as itself. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/g;
const LONE_SURROGATE = /\p{Surrogate}/u;

export function canonicalJson(value: JsonInput): string {
  if (typeof value === "string") return quote(value);
  if (typeof value === "number") {
    // Integers have one spelling; fractions and exponents would need RFC 8785's number rules.
    assert(Number.isSafeInteger(value) && value >= 0, "canonical JSON: non-integer number");
    return String(value);
  }
  assert(typeof value === "object" && value !== null, "canonical JSON: unsupported value");
  if (Array.isArray(value))
    return `[${value.map((item: JsonInput) => canonicalJson(item)).join(",")}]`;
  const object = value as { readonly [key: string]: JsonInput | undefined };
  // Array.prototype.sort without a comparator orders by UTF-16 code units, as RFC 8785 asks.
  const keys = Object.keys(object).sort();
  const members: string[] = [];
  for (const key of keys) {
    const member = object[key];
    if (member !== undefined) members.push(`${quote(key)}:${canonicalJson(member)}`);
  }
  return `{${members.join(",")}}`;
}

function quote(text: string): string {
  // A lone surrogate has no UTF-8 form; validation refuses such text before it gets here.
  assert(!LONE_SURROGATE.test(text), "canonical JSON: unpaired surrogate");
  const escaped = text.replace(
    NEEDS_ESCAPE,
    (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `"${escaped}"`;
}

/**
 * Parses JSON text and returns it only if it is already canonical — the same text would come
 * back from canonicalJson. Returns undefined for anything else (bad JSON, spaces, reordered or
 * repeated keys, escapes that are not the shortest, numbers other than integers).
 */
export function parseCanonicalJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonValue(value)) return undefined;
  return canonicalJson(value) === text ? value : undefined;
}

/**
 * How deep canonical JSON may nest. Envelopes nest three levels and IVMS101 records about eight;
 * the bound keeps the recursive checks below (and canonicalJson) far from the stack's limit
 * whatever a peer or a client sends.
 */
export const CANONICAL_JSON_DEPTH_MAX = 32;

function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (typeof value === "string") return !LONE_SURROGATE.test(value);
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0;
  if (typeof value !== "object" || value === null) return false;
  if (depth >= CANONICAL_JSON_DEPTH_MAX) return false;
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  return Object.entries(value).every(
    ([key, member]) => !LONE_SURROGATE.test(key) && isJsonValue(member, depth + 1),
  );
}
