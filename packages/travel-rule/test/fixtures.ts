/** A complete, valid record for a Hong Kong → Philippines remittance, and small helpers. */
import type { TravelRuleData } from "../src/index.ts";
import type { InstitutionId } from "@tongbao/types";

export const HK_BANK = "hk-bank" as InstitutionId;
export const PH_BANK = "ph-bank" as InstitutionId;
export const REGULATOR = "hkma" as InstitutionId;
export const OUTSIDER = "sg-bank" as InstitutionId;

export function sampleData(): TravelRuleData {
  return {
    originator: {
      originatorPersons: [
        {
          naturalPerson: {
            name: {
              nameIdentifier: [
                {
                  primaryIdentifier: "CHAN",
                  secondaryIdentifier: "Tai Man",
                  nameIdentifierType: "LEGL",
                },
              ],
              localNameIdentifier: [{ primaryIdentifier: "陳大文", nameIdentifierType: "LEGL" }],
            },
            geographicAddress: [
              {
                addressType: "HOME",
                streetName: "Nathan Road",
                buildingNumber: "18",
                townName: "Kowloon",
                country: "HK",
              },
            ],
            dateAndPlaceOfBirth: { dateOfBirth: "1985-04-12", placeOfBirth: "Hong Kong" },
            countryOfResidence: "HK",
          },
        },
      ],
      accountNumber: ["3f1c0a7e9b2d4c6e8a0b1c2d3e4f5a6b7c8d9e0f"],
    },
    beneficiary: {
      beneficiaryPersons: [
        {
          naturalPerson: {
            name: {
              nameIdentifier: [
                {
                  primaryIdentifier: "SANTOS",
                  secondaryIdentifier: "Maria",
                  nameIdentifierType: "LEGL",
                },
              ],
            },
          },
        },
      ],
      accountNumber: ["a1b2c3d4e5f60718293a4b5c6d7e8f9001122334"],
    },
    originatingVASP: {
      originatingVASP: {
        legalPerson: {
          name: {
            nameIdentifier: [
              { legalPersonName: "Harbour Bank Limited", legalPersonNameIdentifierType: "LEGL" },
            ],
          },
          countryOfRegistration: "HK",
        },
      },
    },
    originatingInstitution: HK_BANK,
    beneficiaryInstitution: PH_BANK,
  };
}

/** A deep copy that can be edited freely (the data is plain JSON). */
export function mutable(data: unknown): any {
  return structuredClone(data);
}

/**
 * A valid LEI for an 18-character base: ISO 7064 MOD 97-10 check digits, written here from
 * ISO 17442 independently of the validator, which checks the remainder instead.
 */
export function leiFrom(base18: string): string {
  const digits = [...base18].map((c) => (c >= "A" ? String(c.charCodeAt(0) - 55) : c)).join("");
  const check = 98n - ((BigInt(digits) * 100n) % 97n);
  return base18 + check.toString().padStart(2, "0");
}
