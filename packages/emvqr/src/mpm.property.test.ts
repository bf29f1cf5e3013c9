// Goal: the laws of the MPM codec. Random strict-valid object trees and random structurally
// valid trees (any Unicode, any IDs) survive encode → decode unchanged in their mode, and any
// single-character substitution of a valid payload is refused. Method: fast-check generators
// that build trees within the format's limits (99 characters per object, 512 per strict payload).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ISO_CURRENCIES, decodeMpm, encodeMpm, type MpmObject } from "./index.ts";

const ans = (min: number, max: number) =>
  fc.string({ unit: "grapheme-ascii", minLength: min, maxLength: max });
const text = (min: number, max: number) =>
  fc.string({ unit: "grapheme-composite", minLength: min, maxLength: max });
const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: n, maxLength: n });
const ids = (low: number, high: number, max: number) =>
  fc.uniqueArray(
    fc.integer({ min: low, max: high }).map((n) => String(n).padStart(2, "0")),
    {
      maxLength: max,
    },
  );

/** A template with a GUI in 00 and up to three short primitives: at most 36 + 3 × 19 = 93. */
const guiTemplate = (id: string): fc.Arbitrary<MpmObject> =>
  fc
    .tuple(ans(1, 32), ids(1, 99, 3), fc.array(text(1, 15), { minLength: 3, maxLength: 3 }))
    .map(([gui, subIds, values]) => ({
      id,
      objects: [
        { id: "00", value: gui },
        ...subIds.map((sub, i) => ({ id: sub, value: values[i]! })),
      ],
    }));

const amount = (minorUnits: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99 }))
    .filter(([whole, cents]) => whole > 0 || cents > 0)
    .map(([whole, cents]) =>
      minorUnits === 0 ? String(whole + cents) : `${whole}.${String(cents).padStart(2, "0")}`,
    );

/** Trees that strict mode accepts, in a random order with 00 first. */
const strictTree: fc.Arbitrary<MpmObject[]> = fc
  .record({
    initiation: fc.option(fc.constantFrom("11", "12"), { nil: undefined }),
    accounts: fc.uniqueArray(fc.integer({ min: 26, max: 51 }), { minLength: 1, maxLength: 3 }),
    primitiveAccounts: ids(2, 25, 2),
    mcc: digits(4),
    currency: fc.constantFrom(...ISO_CURRENCIES),
    withAmount: fc.boolean(),
    country: fc.string({
      unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
      minLength: 2,
      maxLength: 2,
    }),
    name: text(1, 25),
    city: text(1, 15),
    postal: fc.option(ans(1, 10), { nil: undefined }),
    additional: fc.option(
      fc.tuple(ids(1, 8, 3), fc.array(ans(1, 20), { minLength: 3, maxLength: 3 })),
      { nil: undefined },
    ),
    language: fc.option(fc.tuple(text(1, 25), text(1, 15)), { nil: undefined }),
    unreserved: fc.option(fc.integer({ min: 80, max: 99 }), { nil: undefined }),
    seed: fc.integer(),
  })
  .chain((r) =>
    fc
      .tuple(
        fc.tuple(...r.accounts.map((id) => guiTemplate(String(id)))),
        r.unreserved === undefined ? fc.constant(undefined) : guiTemplate(String(r.unreserved)),
        amount(r.currency.minorUnits),
        fc.array(ans(1, 20), { minLength: 2, maxLength: 2 }),
      )
      .map(([accounts, unreserved, amountText, primitiveValues]) => {
        const rest: MpmObject[] = [
          ...accounts,
          ...r.primitiveAccounts.map((id, i) => ({ id, value: primitiveValues[i]! })),
          { id: "52", value: r.mcc },
          { id: "53", value: r.currency.numeric },
          { id: "58", value: r.country },
          { id: "59", value: r.name },
          { id: "60", value: r.city },
        ];
        if (r.initiation !== undefined) rest.push({ id: "01", value: r.initiation });
        if (r.withAmount) rest.push({ id: "54", value: amountText });
        if (r.postal !== undefined) rest.push({ id: "61", value: r.postal });
        if (r.additional !== undefined) {
          const [subIds, values] = r.additional;
          if (subIds.length > 0) {
            rest.push({ id: "62", objects: subIds.map((id, i) => ({ id, value: values[i]! })) });
          }
        }
        if (r.language !== undefined) {
          rest.push({
            id: "64",
            objects: [
              { id: "00", value: "ZH" },
              { id: "01", value: r.language[0] },
              { id: "02", value: r.language[1] },
            ],
          });
        }
        if (unreserved !== undefined) rest.push(unreserved);
        return [{ id: "00", value: "01" }, ...shuffle(rest, r.seed)];
      }),
  );

/** A deterministic shuffle from fast-check's seed, so a failure replays. */
function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function encodedLength(objects: MpmObject[]): number {
  const lenient = encodeMpm(objects, { mode: "lenient" });
  return lenient.ok ? Array.from(lenient.value).length : Infinity;
}

test("random strict-valid trees round-trip through encode and decode", () => {
  fc.assert(
    fc.property(strictTree, (objects) => {
      fc.pre(encodedLength(objects) <= 512);
      const encoded = encodeMpm(objects);
      assert.ok(encoded.ok, encoded.ok ? "" : encoded.error.message);
      const decoded = decodeMpm(encoded.value, { mode: "strict" });
      assert.ok(decoded.ok, decoded.ok ? "" : decoded.error.message);
      assert.deepEqual(decoded.value.objects, objects);
      const again = encodeMpm(decoded.value.objects);
      assert.ok(again.ok && again.value === encoded.value);
    }),
  );
});

/** Any value of 1–20 code points (the whole Unicode range), any IDs, templates where the
 * format has them: what lenient mode must carry unchanged. */
const anyValue = fc.string({ unit: "binary", minLength: 1, maxLength: 20 });
const children = (max: number, valueMax: number) =>
  fc
    .uniqueArray(
      fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0")),
      {
        minLength: 1,
        maxLength: max,
      },
    )
    .chain((subIds) =>
      fc.tuple(
        ...subIds.map((id) =>
          fc
            .string({ unit: "binary", minLength: 1, maxLength: valueMax })
            .map((value) => ({ id, value })),
        ),
      ),
    );
const anyObject = (id: string): fc.Arbitrary<MpmObject> => {
  const n = Number(id);
  if (id === "62") {
    // 62 may hold templates 50–99 itself; three children of ≤ 29 characters fit in 99.
    return fc
      .tuple(children(2, 12), fc.option(children(1, 10), { nil: undefined }))
      .map(([subs, nested]) => ({
        id,
        objects: [
          ...subs.filter((s) => Number(s.id) < 50),
          ...(nested === undefined ? [] : [{ id: "77", objects: nested }]),
        ],
      }));
  }
  if ((n >= 26 && n <= 51) || id === "64" || n >= 80) {
    return children(4, 20).map((objects) => ({ id, objects }));
  }
  return anyValue.map((value) => ({ id, value }));
};
const lenientTree: fc.Arbitrary<MpmObject[]> = fc
  .tuple(
    fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 4 }),
    fc.uniqueArray(
      fc.integer({ min: 1, max: 99 }).filter((n) => n !== 63),
      { maxLength: 12 },
    ),
  )
  .chain(([format, rootIds]) =>
    fc
      .tuple(...rootIds.map((n) => anyObject(String(n).padStart(2, "0"))))
      .map((rest) => [{ id: "00", value: format }, ...rest]),
  );

test("random structurally valid trees round-trip in lenient mode", () => {
  fc.assert(
    fc.property(lenientTree, (objects) => {
      const encoded = encodeMpm(objects, { mode: "lenient" });
      assert.ok(encoded.ok, encoded.ok ? "" : encoded.error.message);
      const decoded = decodeMpm(encoded.value, { mode: "lenient" });
      assert.ok(decoded.ok, decoded.ok ? "" : decoded.error.message);
      assert.deepEqual(decoded.value.objects, objects);
    }),
  );
});

test("any single-character substitution of a valid payload is refused", () => {
  // Substitutions of one ASCII character by another change one byte of the UTF-8 text, which
  // CRC-16 always detects (every burst of up to 16 bits); deletions, insertions and non-ASCII
  // changes are covered exhaustively on the EMVCo example in mpm.test.ts.
  const printable = fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c));
  fc.assert(
    fc.property(strictTree, fc.nat(), printable, (objects, where, replacement) => {
      fc.pre(encodedLength(objects) <= 512);
      const encoded = encodeMpm(objects);
      assert.ok(encoded.ok);
      const chars = Array.from(encoded.value);
      const asciiPositions = chars.flatMap((c, i) => (c.charCodeAt(0) < 128 ? [i] : []));
      const at = asciiPositions[where % asciiPositions.length]!;
      fc.pre(chars[at] !== replacement);
      const changed = [...chars.slice(0, at), replacement, ...chars.slice(at + 1)].join("");
      assert.equal(decodeMpm(changed, { mode: "strict" }).ok, false, changed);
      const sameCrc = at >= chars.length - 4 && replacement.toUpperCase() === chars[at];
      assert.equal(decodeMpm(changed, { mode: "lenient" }).ok, sameCrc, changed);
    }),
  );
});
