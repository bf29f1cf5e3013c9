// Goal: codes as real schemes write them decode as they should — strict mode refuses exactly
// their departures from the specification, lenient mode accepts them and says what departed,
// and both refuse a code whose CRC does not match. Method: the cited fixtures in
// real-world.fixtures.ts; every accepted code also re-encodes to the same characters.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeCpm, decodeMpm, encodeCpm, encodeMpm, isCpmTemplate, mpmValue } from "./index.ts";
import { REAL_WORLD_CPM, REAL_WORLD_MPM } from "./real-world.fixtures.ts";

for (const code of REAL_WORLD_MPM) {
  test(`${code.scheme}`, () => {
    for (const mode of ["strict", "lenient"] as const) {
      const expected = code[mode];
      const decoded = decodeMpm(code.payload, { mode });
      if (expected === "ok") {
        assert.ok(decoded.ok, `${mode}: ${decoded.ok ? "" : decoded.error.message}`);
        const again = encodeMpm(decoded.value.objects, { mode });
        assert.ok(again.ok && again.value.slice(0, -4) === code.payload.slice(0, -4), mode);
      } else {
        assert.ok(!decoded.ok, `${mode} accepted it`);
        assert.match(decoded.error.message, expected);
      }
    }
    const lenient = decodeMpm(code.payload);
    if (lenient.ok) {
      const messages = lenient.value.warnings.map((w) => w.message);
      assert.equal(messages.length, code.warnings?.length ?? 0, messages.join("; "));
      for (const pattern of code.warnings ?? []) {
        assert.ok(
          messages.some((m) => pattern.test(m)),
          `${pattern} in ${messages.join("; ")}`,
        );
      }
    }
  });
}

test("the examples carry what their schemes say they carry", () => {
  const byScheme = (prefix: string) => {
    const found = REAL_WORLD_MPM.find((c) => c.scheme.startsWith(prefix))!;
    const decoded = decodeMpm(found.payload);
    assert.ok(decoded.ok);
    return decoded.value.objects;
  };
  assert.equal(mpmValue(byScheme("Pix (static"), "26", "00"), "br.gov.bcb.pix");
  assert.equal(mpmValue(byScheme("FPS (Hong Kong: mobile"), "26", "03"), "+852-67891234");
  assert.equal(mpmValue(byScheme("QR Ph"), "62", "00"), "ph.starpay");
  assert.equal(mpmValue(byScheme("UnionPay (merchant"), "15"), "ABCDEF1234567890");
  assert.equal(mpmValue(byScheme("DuitNow"), "82"), "0123456789ABCDEF0123456789ABCDEF");
  assert.equal(mpmValue(byScheme("QRIS"), "51", "02"), "ID1000000000001");
});

test("the EMV consumer-presented example decodes, with two applications, and re-encodes", () => {
  const decoded = decodeCpm(REAL_WORLD_CPM);
  assert.ok(decoded.ok, decoded.ok ? "" : decoded.error.message);
  const tags = decoded.value.objects.map((o) => o.tag);
  assert.deepEqual(tags, ["85", "61", "61", "62"]);
  const labels = decoded.value.objects
    .filter((o) => o.tag === "61" && isCpmTemplate(o))
    .map((o) => (isCpmTemplate(o) ? o.objects.find((x) => x.tag === "50") : undefined))
    .map((label) => (label && !isCpmTemplate(label) ? new TextDecoder().decode(label.value) : ""));
  assert.deepEqual(labels, ["Product1", "Product2"]);
  const again = encodeCpm(decoded.value.objects);
  assert.ok(again.ok && again.value === REAL_WORLD_CPM);
});
