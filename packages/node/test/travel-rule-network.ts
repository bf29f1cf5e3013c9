/**
 * Fixtures for the travel-rule tests: four institutions, each running one validator and holding
 * an X25519 travel-rule key pair, and a valid record of a Hong Kong → Philippines payment.
 */
import { generateKeyPair, type KeyPair } from "@tongbao/crypto";
import { bytesToHex } from "@tongbao/std";
import {
  encodeX25519Key,
  generateTravelRuleKeyPair,
  type TravelRuleData,
  type TravelRuleKeyPair,
} from "@tongbao/travel-rule";
import type { InstitutionId } from "@tongbao/types";
import { parseGenesis, type GenesisDocument, type NetworkGenesis } from "../src/index.ts";

export const TRAVEL_RULE_CHAIN_ID = "tongbao-travel-rule-test";
/** Validator i runs for INSTITUTIONS[i]. */
export const INSTITUTIONS = ["hk-bank", "ph-bank", "sg-bank", "hkma"] as const;

export interface TravelRuleNetwork {
  readonly genesis: NetworkGenesis;
  readonly nodeKeys: readonly KeyPair[];
  /** By institution id. */
  readonly travelRuleKeys: ReadonlyMap<string, TravelRuleKeyPair>;
}

export function travelRuleNetwork(basePort: number): TravelRuleNetwork {
  const nodeKeys = INSTITUTIONS.map(() => generateKeyPair());
  const travelRuleKeys = new Map(INSTITUTIONS.map((id) => [id, generateTravelRuleKeyPair()]));
  const document: GenesisDocument = {
    version: 1,
    chainId: TRAVEL_RULE_CHAIN_ID,
    genesisTimeMs: Date.now() - 1000,
    ledger: {
      institutions: INSTITUTIONS.map((id) => ({
        id,
        name: id.toUpperCase(),
        roles: id === "hkma" ? ["validator", "regulator"] : ["validator", "issuer"],
        keyType: "ed25519" as const,
        publicKey: bytesToHex(generateKeyPair().publicKey),
        travelRuleKey: encodeX25519Key(travelRuleKeys.get(id)!.publicKey),
      })),
      currencies: [{ code: "HKD", minorUnits: 2, issuer: "hk-bank" }],
    },
    validators: INSTITUTIONS.map((id, i) => ({
      name: `node-${i}`,
      institution: id,
      power: 1,
      publicKey: bytesToHex(nodeKeys[i]!.publicKey),
      address: `127.0.0.1:${basePort + i}`,
    })),
  };
  return { genesis: parseGenesis(document), nodeKeys, travelRuleKeys };
}

export function sampleTravelRuleData(): TravelRuleData {
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
            },
            dateAndPlaceOfBirth: { dateOfBirth: "1985-04-12", placeOfBirth: "Hong Kong" },
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
              nameIdentifier: [{ primaryIdentifier: "SANTOS", nameIdentifierType: "LEGL" }],
            },
          },
        },
      ],
      accountNumber: ["a1b2c3d4e5f60718293a4b5c6d7e8f9001122334"],
    },
    originatingInstitution: "hk-bank" as InstitutionId,
    beneficiaryInstitution: "ph-bank" as InstitutionId,
  };
}
