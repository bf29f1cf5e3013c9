/**
 * fast-check generators of valid travel-rule data: natural and legal persons, local-script and
 * astral characters, JSON and XML specials in names, every kind of identification.
 */
import fc from "fast-check";
import type { InstitutionId } from "@tongbao/types";
import type {
  Address,
  LegalPerson,
  NationalIdentification,
  NaturalPerson,
  Person,
  TravelRuleData,
} from "../src/index.ts";
import { leiFrom } from "./fixtures.ts";

const CHARS = [
  ..."abcxyzABCXYZ0189",
  " ",
  "-",
  "'",
  '"',
  "\\",
  "<",
  "&",
  "/",
  "é",
  "ñ",
  "ü",
  "陳",
  "大",
  "文",
  "ß",
  "😀",
];

/** Valid IVMS101 text: non-empty, no spaces at the ends, NFC, at most `max` code points. */
export function textArb(max: number): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: Math.min(max, 16) })
    .map((chars) => chars.join(""))
    .filter((s) => s.trim() === s && s !== "");
}

const countryArb = fc.constantFrom("HK", "PH", "SG", "CN", "US", "JP");

const dateArb = fc
  .tuple(
    fc.integer({ min: 1900, max: 2010 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
  )
  .map(([y, m, d]) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);

function addressArb(type: fc.Arbitrary<Address["addressType"]>): fc.Arbitrary<Address> {
  const structured = fc.record(
    {
      addressType: type,
      streetName: textArb(70),
      buildingNumber: textArb(16),
      postCode: textArb(16),
      townName: textArb(35),
      country: countryArb,
    },
    { requiredKeys: ["addressType", "streetName", "buildingNumber", "townName", "country"] },
  );
  const lines = fc.record({
    addressType: type,
    addressLine: fc.array(textArb(70), { minLength: 1, maxLength: 3 }),
    townName: textArb(35),
    country: countryArb,
  });
  return fc.oneof(structured, lines);
}

const naturalIdArb: fc.Arbitrary<NationalIdentification> = fc.record(
  {
    nationalIdentifier: textArb(35),
    nationalIdentifierType: fc.constantFrom("CCPT", "IDCD", "DRLC", "SOCS", "TXID", "MISC"),
    countryOfIssue: countryArb,
  },
  { requiredKeys: ["nationalIdentifier", "nationalIdentifierType"] },
);

const legalIdArb: fc.Arbitrary<NationalIdentification> = fc.oneof(
  fc.stringMatching(/^[0-9A-Z]{18}$/).map((base) => ({
    nationalIdentifier: leiFrom(base),
    nationalIdentifierType: "LEIX" as const,
  })),
  fc.record({
    nationalIdentifier: textArb(35),
    nationalIdentifierType: fc.constantFrom("RAID" as const, "TXID" as const, "MISC" as const),
    registrationAuthority: fc
      .integer({ min: 0, max: 999_999 })
      .map((n) => `RA${String(n).padStart(6, "0")}`),
  }),
);

const naturalNameArb = fc.record(
  {
    nameIdentifier: fc
      .tuple(
        fc.record(
          {
            primaryIdentifier: textArb(100),
            secondaryIdentifier: textArb(100),
            nameIdentifierType: fc.constant("LEGL" as const),
          },
          { requiredKeys: ["primaryIdentifier", "nameIdentifierType"] },
        ),
        fc.array(
          fc.record({
            primaryIdentifier: textArb(100),
            nameIdentifierType: fc.constantFrom("ALIA" as const, "BIRT" as const, "MAID" as const),
          }),
          { maxLength: 2 },
        ),
      )
      .map(([legal, others]) => [legal, ...others]),
    localNameIdentifier: fc.array(
      fc.record({
        primaryIdentifier: textArb(100),
        nameIdentifierType: fc.constant("LEGL" as const),
      }),
      { minLength: 1, maxLength: 1 },
    ),
  },
  { requiredKeys: ["nameIdentifier"] },
);

/** An originator must be identified by more than a name (C1); others may be. */
function naturalPersonArb(originator: boolean): fc.Arbitrary<NaturalPerson> {
  const extras = fc.record(
    {
      geographicAddress: fc.array(addressArb(fc.constantFrom("HOME", "BIZZ")), {
        minLength: 1,
        maxLength: 2,
      }),
      nationalIdentification: naturalIdArb,
      customerIdentification: textArb(50),
      dateAndPlaceOfBirth: fc.record({ dateOfBirth: dateArb, placeOfBirth: textArb(70) }),
      countryOfResidence: countryArb,
    },
    { requiredKeys: [] },
  );
  return fc
    .tuple(
      naturalNameArb,
      extras,
      fc.constantFrom("customerIdentification", "dateAndPlaceOfBirth"),
      textArb(50),
      dateArb,
    )
    .map(([name, rest, must, id, date]) => {
      const person: Record<string, unknown> = { name, ...rest };
      if (originator && must === "customerIdentification") person[must] ??= id;
      if (originator && must === "dateAndPlaceOfBirth")
        person[must] ??= { dateOfBirth: date, placeOfBirth: "Manila" };
      return person as unknown as NaturalPerson;
    });
}

function legalPersonArb(originator: boolean): fc.Arbitrary<LegalPerson> {
  const name = fc.record({
    nameIdentifier: fc
      .tuple(textArb(100), fc.array(textArb(100), { maxLength: 1 }))
      .map(([legal, trading]) => [
        { legalPersonName: legal, legalPersonNameIdentifierType: "LEGL" as const },
        ...trading.map((n) => ({
          legalPersonName: n,
          legalPersonNameIdentifierType: "TRAD" as const,
        })),
      ]),
  });
  const rest = fc.record(
    {
      geographicAddress: fc.array(addressArb(fc.constant("GEOG")), { minLength: 1, maxLength: 1 }),
      customerNumber: textArb(50),
      nationalIdentification: legalIdArb,
      countryOfRegistration: countryArb,
    },
    { requiredKeys: originator ? ["customerNumber"] : [] },
  );
  return fc.tuple(name, rest).map(([n, r]) => ({ name: n, ...r }));
}

function personArb(originator: boolean): fc.Arbitrary<Person> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: naturalPersonArb(originator).map((naturalPerson) => ({ naturalPerson })),
    },
    { weight: 1, arbitrary: legalPersonArb(originator).map((legalPerson) => ({ legalPerson })) },
  );
}

const accountArb = fc.array(fc.oneof(fc.stringMatching(/^[0-9a-f]{40}$/), textArb(100)), {
  minLength: 1,
  maxLength: 2,
});
const institutionArb = fc.constantFrom(
  "hk-bank",
  "ph-bank",
  "hk-emoney",
  "ph-wallet",
) as fc.Arbitrary<InstitutionId>;

export const travelRuleDataArb: fc.Arbitrary<TravelRuleData> = fc.record(
  {
    originator: fc.record({
      originatorPersons: fc.array(personArb(true), { minLength: 1, maxLength: 2 }),
      accountNumber: accountArb,
    }),
    beneficiary: fc.record({
      beneficiaryPersons: fc.array(personArb(false), { minLength: 1, maxLength: 2 }),
      accountNumber: accountArb,
    }),
    originatingVASP: legalPersonArb(false).map((legalPerson) => ({
      originatingVASP: { legalPerson },
    })),
    beneficiaryVASP: legalPersonArb(false).map((legalPerson) => ({
      beneficiaryVASP: { legalPerson },
    })),
    originatingInstitution: institutionArb,
    beneficiaryInstitution: institutionArb,
  },
  {
    requiredKeys: ["originator", "beneficiary", "originatingInstitution", "beneficiaryInstitution"],
  },
);
