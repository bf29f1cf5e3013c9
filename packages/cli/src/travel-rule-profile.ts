/**
 * The travel-rule data `tongbao remit` sends (IVMS101, docs/spec/travel-rule.md): the people
 * as the devnet's customer profiles describe them (demo.ts DEMO_CUSTOMERS), or under the name
 * given on the command line or their devnet name; their ledger accounts; the two institutions.
 * The sender is identified by an address and the customer id its institution knows (C1).
 */
import { formatProblem, validateTravelRuleData, type TravelRuleData } from "@tongbao/travel-rule";
import type { InstitutionId } from "@tongbao/types";
import { DEMO_CUSTOMERS } from "./devnet/demo.ts";

export interface RemitParty {
  readonly account: string;
  readonly institution: string;
  /** The devnet account name, when it has one. */
  readonly devnetName?: string;
  /** A name given on the command line: it wins over the profile. */
  readonly name?: string;
}

type Person = TravelRuleData["originator"]["originatorPersons"][number];

/** The person's legal name, and where they live when the profile says. */
function personOf(party: RemitParty, originator: boolean): Person | undefined {
  const profile = party.devnetName === undefined ? undefined : DEMO_CUSTOMERS[party.devnetName];
  if (party.name !== undefined || profile === undefined) {
    const name = party.name ?? party.devnetName;
    if (name === undefined) return undefined;
    return {
      naturalPerson: {
        name: { nameIdentifier: [{ primaryIdentifier: name, nameIdentifierType: "LEGL" }] },
        ...(originator ? { customerIdentification: party.account } : {}),
      },
    };
  }
  return {
    naturalPerson: {
      name: {
        nameIdentifier: [
          {
            primaryIdentifier: profile.familyName,
            secondaryIdentifier: profile.givenName,
            nameIdentifierType: "LEGL",
          },
        ],
      },
      geographicAddress: [
        {
          addressType: "HOME",
          addressLine: [profile.addressLine],
          townName: profile.town,
          country: profile.country,
        },
      ],
      ...(originator ? { customerIdentification: party.account } : {}),
      countryOfResidence: profile.country,
    },
  };
}

/**
 * The data for a remittance from `sender` to `recipient`, checked against IVMS101 here — before
 * anything is held, sealed or sent; or the side nobody named (an account given by id or key
 * file, without --sender-name / --recipient-name); or what is wrong with the data (a name given
 * empty or too long, say), as "path: problem" lines.
 */
export function remitTravelRuleData(
  sender: RemitParty,
  recipient: RemitParty,
):
  | { ok: true; data: TravelRuleData }
  | { ok: false; missing: "sender" | "recipient" }
  | { ok: false; problems: readonly string[] } {
  const originator = personOf(sender, true);
  if (originator === undefined) return { ok: false, missing: "sender" };
  const beneficiary = personOf(recipient, false);
  if (beneficiary === undefined) return { ok: false, missing: "recipient" };
  const data: TravelRuleData = {
    originator: { originatorPersons: [originator], accountNumber: [sender.account] },
    beneficiary: { beneficiaryPersons: [beneficiary], accountNumber: [recipient.account] },
    originatingInstitution: sender.institution as InstitutionId,
    beneficiaryInstitution: recipient.institution as InstitutionId,
  };
  const checked = validateTravelRuleData(data);
  if (!checked.ok) return { ok: false, problems: checked.problems.map(formatProblem) };
  return { ok: true, data };
}
