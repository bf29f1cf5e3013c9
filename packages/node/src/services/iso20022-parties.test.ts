import { test } from "node:test";
import assert from "node:assert/strict";
import type { TravelRuleData } from "@tongbao/travel-rule";
import { partiesFromTravelRule } from "./iso20022-parties.ts";

const data = {
  originator: {
    originatorPersons: [
      {
        naturalPerson: {
          name: {
            nameIdentifier: [
              {
                primaryIdentifier: "CHAN",
                secondaryIdentifier: "Alice",
                nameIdentifierType: "LEGL",
              },
            ],
          },
          geographicAddress: [
            {
              addressType: "HOME",
              addressLine: ["18 Nathan Road, Tsim Sha Tsui, Kowloon"],
              townName: "Hong Kong",
              country: "HK",
            },
          ],
          countryOfResidence: "HK",
        },
      },
    ],
    accountNumber: ["a".repeat(40)],
  },
  beneficiary: {
    beneficiaryPersons: [
      {
        legalPerson: {
          name: {
            nameIdentifier: [
              { legalPersonName: "Sari-Sari Store Inc", legalPersonNameIdentifierType: "LEGL" },
            ],
          },
        },
      },
    ],
    accountNumber: ["b".repeat(40)],
  },
  originatingInstitution: "hk-emoney",
  beneficiaryInstitution: "ph-wallet",
} as unknown as TravelRuleData;

test("natural and legal persons become ISO parties with name, address and residence", () => {
  const { debtor, creditor } = partiesFromTravelRule(data, "NOTPROVIDED");
  assert.deepEqual(debtor, {
    name: "Alice CHAN",
    postalAddress: {
      townName: "Hong Kong",
      country: "HK",
      addressLines: ["18 Nathan Road, Tsim Sha Tsui, Kowloon"],
    },
    countryOfResidence: "HK",
  });
  assert.deepEqual(creditor, { name: "Sari-Sari Store Inc" });
});

test("what is missing or malformed is left out, never guessed; names are clipped to 140", () => {
  const odd = {
    originator: {
      originatorPersons: [
        {
          naturalPerson: {
            name: { nameIdentifier: [{ primaryIdentifier: "X".repeat(200) }] },
            geographicAddress: [{ townName: 42, country: "hk" }],
            countryOfResidence: "Hong Kong",
          },
        },
      ],
    },
    beneficiary: { beneficiaryPersons: [] },
  } as unknown as TravelRuleData;
  const { debtor, creditor } = partiesFromTravelRule(odd, "NOTPROVIDED");
  assert.deepEqual(debtor, { name: "X".repeat(140) });
  assert.deepEqual(creditor, { name: "NOTPROVIDED" });
  assert.deepEqual(partiesFromTravelRule({} as TravelRuleData, "NOTPROVIDED"), {
    debtor: { name: "NOTPROVIDED" },
    creditor: { name: "NOTPROVIDED" },
  });
});

test("whatever text the sender sealed, the parties build a valid message: no end spaces, no control characters", () => {
  const person = (secondary: string, primary: string) =>
    ({
      originator: {
        originatorPersons: [
          {
            naturalPerson: {
              name: {
                nameIdentifier: [{ primaryIdentifier: primary, secondaryIdentifier: secondary }],
              },
              geographicAddress: [
                { addressLine: ["line\u0007one\u0000", "\ud800x"], country: "HK" },
              ],
            },
          },
        ],
      },
      beneficiary: { beneficiaryPersons: [] },
    }) as unknown as TravelRuleData;
  // The 140th code point of the joined name is the space between the two names.
  const { debtor } = partiesFromTravelRule(person("A".repeat(139), "B".repeat(100)), "NOTPROVIDED");
  assert.equal(debtor.name, "A".repeat(139));
  const lines = debtor.postalAddress?.addressLines ?? [];
  assert.deepEqual(lines, ["line one", "x"]);
  for (const text of [debtor.name, ...lines]) {
    // What the message builder's free-text rule accepts (packages/iso20022 text.ts).
    assert.doesNotMatch(text, /^\s|\s$|[\p{Cc}\p{Surrogate}]/u, JSON.stringify(text));
  }
});
