/**
 * Test data shared by the MPM tests: the EMVCo example, a minimal strict-valid code, and
 * builders that edit a code's objects or wrap hand-written TLV in a correct CRC (so a test can
 * break exactly one rule and nothing else).
 */
import { crcHex } from "./crc16.ts";
import { isMpmTemplate, type MpmObject } from "./mpm/objects.ts";

/** EMV QRCPS Merchant-Presented Mode v1.1, Annex B (CRC A13A). */
export const EMVCO_EXAMPLE =
  "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";

/** The smallest code strict mode accepts: mandatory objects and one merchant account. */
export const MINIMAL: readonly MpmObject[] = [
  { id: "00", value: "01" },
  { id: "01", value: "11" },
  {
    id: "26",
    objects: [
      { id: "00", value: "com.example.pay" },
      { id: "01", value: "12345678" },
    ],
  },
  { id: "52", value: "5411" },
  { id: "53", value: "344" },
  { id: "58", value: "HK" },
  { id: "59", value: "TEA HOUSE" },
  { id: "60", value: "HONG KONG" },
];

/** `body` (TLV text ending before the CRC) with "6304" and its correct CRC appended. */
export function withCrc(body: string): string {
  return body + "6304" + crcHex(body + "6304");
}

/** Replaces (or, with undefined, removes) the object at `path`; appends it when absent. */
export function edit(
  objects: readonly MpmObject[],
  path: readonly string[],
  replacement: string | readonly MpmObject[] | undefined,
): MpmObject[] {
  const [id, ...rest] = path;
  const out: MpmObject[] = [];
  let found = false;
  for (const object of objects) {
    if (object.id !== id) {
      out.push(object);
      continue;
    }
    found = true;
    if (rest.length > 0) {
      if (!isMpmTemplate(object)) throw new Error(`${id} is not a template`);
      out.push({ id: object.id, objects: edit(object.objects, rest, replacement) });
    } else if (replacement !== undefined) {
      out.push(make(object.id, replacement));
    }
  }
  if (!found && replacement !== undefined) {
    out.push(
      rest.length === 0
        ? make(id!, replacement)
        : { id: id!, objects: edit([], rest, replacement) },
    );
  }
  return out;
}

function make(id: string, replacement: string | readonly MpmObject[]): MpmObject {
  return typeof replacement === "string"
    ? { id, value: replacement }
    : { id, objects: replacement };
}
