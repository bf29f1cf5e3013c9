// Goal: validation accepts every valid IVMS101 record of our profile unchanged, reports each
// missing mandatory field at its exact path, applies IVMS101's constraints, and never throws.
// Method: worked examples of each rule; fast-check over generated valid records (accepted as
// is; any one mandatory field removed is reported there); arbitrary junk never throws.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  formatProblem,
  isValidLei,
  validateTravelRuleData,
  type ValidationProblem,
} from "./index.ts";
import { travelRuleDataArb } from "../test/arbitraries.ts";
import { leiFrom, mutable, sampleData } from "../test/fixtures.ts";

function problemsOf(input: unknown, today?: string): readonly ValidationProblem[] {
  const result = validateTravelRuleData(input, today === undefined ? {} : { today });
  return result.ok ? [] : result.problems;
}

function lines(input: unknown, today?: string): string[] {
  return problemsOf(input, today).map(formatProblem);
}

const ORIGINATOR = "originator.originatorPersons[0].naturalPerson";

test("the sample record is valid and comes back equal", () => {
  const result = validateTravelRuleData(sampleData());
  assert.ok(result.ok, JSON.stringify(result));
  assert.deepEqual(result.value, sampleData());
});

test("a missing primary identifier is reported at its path", () => {
  const data = mutable(sampleData());
  delete data.originator.originatorPersons[0].naturalPerson.name.nameIdentifier[0]
    .primaryIdentifier;
  const [first, ...rest] = lines(data);
  assert.equal(rest.length, 0);
  assert.match(
    first!,
    new RegExp(
      `^${escape(ORIGINATOR)}\\.name\\.nameIdentifier\\[0\\]\\.primaryIdentifier: required`,
    ),
  );
});

test("every problem is reported in one pass", () => {
  const data = mutable(sampleData());
  delete data.beneficiary.accountNumber;
  data.originator.originatorPersons[0].naturalPerson.countryOfResidence = "hk";
  data.originatingInstitution = "HK BANK";
  data.extra = 1;
  const paths = problemsOf(data).map((p) => p.path);
  assert.deepEqual(paths.sort(), [
    "beneficiary.accountNumber",
    "extra",
    "originatingInstitution",
    `${ORIGINATOR}.countryOfResidence`,
  ]);
});

test("C1: a natural-person originator needs more than a name", () => {
  const data = mutable(sampleData());
  delete data.originator.originatorPersons[0].naturalPerson.geographicAddress;
  delete data.originator.originatorPersons[0].naturalPerson.dateAndPlaceOfBirth;
  assert.deepEqual(lines(data), [
    `${ORIGINATOR}: needs one of geographicAddress, customerIdentification, nationalIdentification or dateAndPlaceOfBirth (C1)`,
  ]);
  // A beneficiary needs only the name.
  assert.deepEqual(lines(sampleData()), []);
  data.originator.originatorPersons[0].naturalPerson.customerIdentification = "C-0042";
  assert.deepEqual(lines(data), []);
});

test("C4: a legal-person originator needs its seat, a customer number or an id", () => {
  const data = mutable(sampleData());
  data.originator.originatorPersons[0] = {
    legalPerson: {
      name: {
        nameIdentifier: [
          { legalPersonName: "Kowloon Traders Ltd", legalPersonNameIdentifierType: "LEGL" },
        ],
      },
    },
  };
  assert.match(
    lines(data).join("\n"),
    /originatorPersons\[0\]\.legalPerson: needs a geographicAddress of type "GEOG"/,
  );
  data.originator.originatorPersons[0].legalPerson.customerNumber = "K-1";
  assert.deepEqual(lines(data), []);
});

test("C5/C6: a legal name is required among the name identifiers", () => {
  const data = mutable(sampleData());
  data.originator.originatorPersons[0].naturalPerson.name.nameIdentifier[0].nameIdentifierType =
    "ALIA";
  data.originatingVASP.originatingVASP.legalPerson.name.nameIdentifier[0].legalPersonNameIdentifierType =
    "TRAD";
  assert.deepEqual(lines(data), [
    `${ORIGINATOR}.name.nameIdentifier: needs the legal name: one identifier with nameIdentifierType "LEGL"`,
    'originatingVASP.originatingVASP.legalPerson.name.nameIdentifier: needs the legal name: one identifier with legalPersonNameIdentifierType "LEGL"',
  ]);
});

test("a person is natural or legal, not both and not neither", () => {
  const data = mutable(sampleData());
  data.beneficiary.beneficiaryPersons[0] = {};
  assert.deepEqual(lines(data), [
    "beneficiary.beneficiaryPersons[0]: required: naturalPerson or legalPerson",
  ]);
  data.beneficiary.beneficiaryPersons[0] = {
    naturalPerson: sampleData().beneficiary.beneficiaryPersons[0]!.naturalPerson,
    legalPerson: sampleData().originatingVASP!.originatingVASP.legalPerson,
  };
  assert.deepEqual(lines(data), [
    "beneficiary.beneficiaryPersons[0]: has both naturalPerson and legalPerson; keep one",
  ]);
});

test("C8: an address has lines or a street with a building", () => {
  const data = mutable(sampleData());
  const address = data.originator.originatorPersons[0].naturalPerson.geographicAddress[0];
  delete address.buildingNumber;
  assert.deepEqual(lines(data), [
    `${ORIGINATOR}.geographicAddress[0]: needs addressLine, or streetName with buildingNumber or buildingName (C8)`,
  ]);
  address.addressLine = ["Flat 3, 18 Nathan Road"];
  assert.deepEqual(lines(data), []);
});

test("C7, C9, C10, C11: a legal person's identifier", () => {
  const lei = leiFrom("5493001KJTIIGC8Y1R");
  assert.ok(isValidLei(lei));
  assert.ok(
    !isValidLei(lei.slice(0, 18) + String((Number(lei.slice(18)) + 1) % 100).padStart(2, "0")),
  );
  const data = mutable(sampleData());
  const vasp = data.originatingVASP.originatingVASP.legalPerson;
  vasp.nationalIdentification = { nationalIdentifier: lei, nationalIdentifierType: "LEIX" };
  assert.deepEqual(lines(data), []);
  vasp.nationalIdentification = {
    nationalIdentifier: "12345678",
    nationalIdentifierType: "RAID",
    countryOfIssue: "HK",
  };
  assert.deepEqual(lines(data), [
    "originatingVASP.originatingVASP.legalPerson.nationalIdentification.countryOfIssue: remove it: a legal person's identifier has no country of issue (C9)",
    "originatingVASP.originatingVASP.legalPerson.nationalIdentification.registrationAuthority: required unless the identifier is an LEI (C9)",
  ]);
  vasp.nationalIdentification = {
    nationalIdentifier: "12345678",
    nationalIdentifierType: "CCPT",
    registrationAuthority: "RA12",
  };
  assert.equal(problemsOf(data).length, 2); // C7 type, C10 format
  vasp.nationalIdentification = {
    nationalIdentifier: "5493001KJTIIGC8Y1R00",
    nationalIdentifierType: "LEIX",
  };
  assert.match(lines(data).join(), /is not a valid LEI .*\(C11\)/);
});

test("C2: a date of birth is a real date in the past, when today is given", () => {
  const data = mutable(sampleData());
  data.originator.originatorPersons[0].naturalPerson.dateAndPlaceOfBirth.dateOfBirth = "2030-01-01";
  assert.deepEqual(lines(data), []);
  assert.deepEqual(lines(data, "2026-01-01"), [
    `${ORIGINATOR}.dateAndPlaceOfBirth.dateOfBirth: 2030-01-01 is not in the past (C2)`,
  ]);
  assert.throws(
    () => validateTravelRuleData(data, { today: "1 May 2026" }),
    /today: "1 May 2026" is not a date/,
  );
  data.originator.originatorPersons[0].naturalPerson.dateAndPlaceOfBirth.dateOfBirth = "1985-02-29";
  assert.deepEqual(lines(data), [
    `${ORIGINATOR}.dateAndPlaceOfBirth.dateOfBirth: 1985-02-29 is not a calendar date`,
  ]);
});

test("text: length in code points, NFC, no control characters, no spaces at the ends", () => {
  const data = mutable(sampleData());
  const name = data.originator.originatorPersons[0].naturalPerson.name.nameIdentifier[0];
  name.primaryIdentifier = "😀".repeat(100); // 200 UTF-16 units, 100 code points
  assert.deepEqual(lines(data), []);
  name.primaryIdentifier = "😀".repeat(101);
  assert.match(lines(data).join(), /primaryIdentifier: is 101 characters; at most 100/);
  name.primaryIdentifier = "Cafe\u0301"; // e + combining accent: not NFC
  assert.match(lines(data).join(), /not in Unicode NFC form/);
  name.primaryIdentifier = "CHAN\n";
  assert.equal(problemsOf(data).length, 2); // trailing space class and a control character
  name.primaryIdentifier = "   ";
  assert.match(lines(data).join(), /primaryIdentifier: must not be empty/);
  name.primaryIdentifier = 42;
  assert.match(
    lines(data).join(),
    /primaryIdentifier: expected text of 1–100 characters, not a number/,
  );
});

test("limits: too many persons are refused without walking them", () => {
  const data = mutable(sampleData());
  data.beneficiary.beneficiaryPersons = Array.from({ length: 1000 }, () => ({}));
  assert.deepEqual(lines(data), [
    "beneficiary.beneficiaryPersons: has 1000 items; expected a list of 1–10 items",
  ]);
});

test("generated valid records are accepted unchanged", () => {
  fc.assert(
    fc.property(travelRuleDataArb, (data) => {
      const result = validateTravelRuleData(data);
      assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
      // fast-check may build objects without a prototype; compare plain copies.
      assert.deepEqual(result.value, mutable(data));
    }),
  );
});

/**
 * The mandatory fields of our profile, written from IVMS101 and standards.md (not from the
 * validator): for an object reached by the last step of its path, the keys it must have.
 */
function requiredKeys(step: string, value: Record<string, unknown>): readonly string[] {
  switch (step) {
    case "":
      return ["originator", "beneficiary", "originatingInstitution", "beneficiaryInstitution"];
    case "originator":
      return ["originatorPersons", "accountNumber"];
    case "beneficiary":
      return ["beneficiaryPersons", "accountNumber"];
    case "originatingVASP":
      return "originatingVASP" in value ? ["originatingVASP"] : [];
    case "beneficiaryVASP":
      return "beneficiaryVASP" in value ? ["beneficiaryVASP"] : [];
    case "naturalPerson":
    case "legalPerson":
      return ["name"];
    case "name":
      return ["nameIdentifier"];
    case "nameIdentifier[]":
    case "localNameIdentifier[]":
      return "legalPersonName" in value
        ? ["legalPersonName", "legalPersonNameIdentifierType"]
        : ["primaryIdentifier", "nameIdentifierType"];
    case "geographicAddress[]":
      return ["addressType", "townName", "country"];
    case "nationalIdentification":
      return ["nationalIdentifier", "nationalIdentifierType"];
    case "dateAndPlaceOfBirth":
      return ["dateOfBirth", "placeOfBirth"];
    default:
      return [];
  }
}

function mandatoryPaths(value: unknown, path = "", step = ""): string[][] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) =>
      mandatoryPaths(item, `${path}[${i}]`, `${step}[]`).map((p) => p),
    );
  }
  if (typeof value !== "object" || value === null) return [];
  const object = value as Record<string, unknown>;
  const here = requiredKeys(step, object).map((key) => [path, key]);
  const below = Object.entries(object).flatMap(([key, child]) =>
    mandatoryPaths(child, path === "" ? key : `${path}.${key}`, key),
  );
  return [...here, ...below];
}

test("removing any one mandatory field is reported at that field", () => {
  fc.assert(
    fc.property(travelRuleDataArb, fc.nat(), (data, pick) => {
      const candidates = mandatoryPaths(data);
      const [parent, key] = candidates[pick % candidates.length] as [string, string];
      const copy = mutable(data);
      const holder = parent === "" ? copy : walk(copy, parent);
      delete holder[key!];
      const target = parent === "" ? key! : `${parent}.${key}`;
      const found = problemsOf(copy).some((p) => p.path === target && p.code === "required");
      assert.ok(found, `${target} not reported: ${lines(copy).join(" | ")}`);
    }),
  );
});

test("any JSON value at all is answered with problems, never an exception", () => {
  fc.assert(
    fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (junk) => {
      assert.equal(validateTravelRuleData(junk).ok, false);
    }),
  );
  fc.assert(
    fc.property(travelRuleDataArb, fc.nat(), fc.jsonValue(), (data, pick, junk) => {
      // Replace one node of a valid record with junk: still no exception.
      const copy = mutable(data);
      const paths = mandatoryPaths(copy);
      const [parent, key] = paths[pick % paths.length] as [string, string];
      (parent === "" ? copy : walk(copy, parent))[key!] = junk;
      validateTravelRuleData(copy);
    }),
  );
});

function walk(root: any, path: string): any {
  return path.split(/\.|(?=\[)/).reduce((node, part) => {
    const index = /^\[(\d+)\]$/.exec(part);
    return index ? node[Number(index[1])] : node[part];
  }, root);
}

function escape(text: string): string {
  return text.replace(/[.[\]]/g, "\\$&");
}
