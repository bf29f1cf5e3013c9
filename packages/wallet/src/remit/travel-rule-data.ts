/**
 * The travel-rule data a remittance carries (FATF Recommendation 16), as the least IVMS101 that
 * the rule and @tongbao/travel-rule's validation accept: both people's names as typed (one legal
 * name each, whole, since names do not split the same way everywhere), the ledger accounts, the
 * two institutions, the sender identified by the customer id the institution knows — the
 * account — and the recipient's country of residence. Pure: the form checks with it before
 * anything is signed, and the SDK seals what it returns.
 */
import type { InstitutionId } from "@tongbao/types";
import {
  validateTravelRuleData,
  type TravelRuleData,
  type ValidationProblem,
} from "@tongbao/travel-rule";

export interface RemitParties {
  readonly senderName: string;
  readonly senderAccount: string;
  readonly senderInstitution: string;
  readonly recipientName: string;
  readonly recipientAccount: string;
  readonly recipientInstitution: string;
  /** ISO 3166-1 alpha-2, e.g. "PH". */
  readonly recipientCountry: string;
}

export type TravelRuleReading =
  | { readonly ok: true; readonly data: TravelRuleData }
  | { readonly ok: false; readonly message: string };

/** IVMS101 caps a name part at 100 characters. */
export const PERSON_NAME_MAX = 100;

/** Spaces inside a name collapse to one; a name is kept as its owner spells it otherwise. */
function tidyName(name: string): string {
  return name.trim().replace(/\s+/g, " ");
}

/**
 * Data for the two people and institutions, or what to fix in the form. Names are checked here
 * in the form's words; anything else the validator finds is reported with its field path.
 */
export function travelRuleDataFor(parties: RemitParties): TravelRuleReading {
  const sender = tidyName(parties.senderName);
  const recipient = tidyName(parties.recipientName);
  if (sender === "") {
    return { ok: false, message: "Type your full name: the law asks it of every remittance." };
  }
  if (recipient === "") {
    return {
      ok: false,
      message: "Type the recipient's full name, as their institution knows them.",
    };
  }
  for (const [whose, name] of [
    ["Your", sender],
    ["The recipient's", recipient],
  ] as const) {
    if ([...name].length > PERSON_NAME_MAX) {
      return { ok: false, message: `${whose} name is longer than ${PERSON_NAME_MAX} characters.` };
    }
  }
  const country = parties.recipientCountry.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) {
    return { ok: false, message: "Choose the country where the recipient lives." };
  }
  const data: TravelRuleData = {
    originator: {
      originatorPersons: [
        {
          naturalPerson: {
            name: { nameIdentifier: [{ primaryIdentifier: sender, nameIdentifierType: "LEGL" }] },
            customerIdentification: parties.senderAccount,
          },
        },
      ],
      accountNumber: [parties.senderAccount],
    },
    beneficiary: {
      beneficiaryPersons: [
        {
          naturalPerson: {
            name: {
              nameIdentifier: [{ primaryIdentifier: recipient, nameIdentifierType: "LEGL" }],
            },
            countryOfResidence: country,
          },
        },
      ],
      accountNumber: [parties.recipientAccount],
    },
    // Checked just below, with the rest.
    originatingInstitution: parties.senderInstitution as InstitutionId,
    beneficiaryInstitution: parties.recipientInstitution as InstitutionId,
  };
  const checked = validateTravelRuleData(data);
  if (!checked.ok) return { ok: false, message: problemsText(checked.problems) };
  return { ok: true, data: checked.value };
}

function problemsText(problems: readonly ValidationProblem[]): string {
  const first = problems[0];
  const where = first === undefined || first.path === "" ? "" : ` (${first.path})`;
  return `The travel-rule data is not complete${where}: ${first?.message ?? "see the form"}.`;
}

/**
 * The country a national currency belongs to: ISO 4217 codes begin with the ISO 3166 country
 * code (PHP → PH, HKD → HK). Only a first guess for the form; supranational codes (EUR, XOF)
 * give nothing.
 */
export function countryOfCurrency(currency: string): string | undefined {
  if (!/^[A-Z]{3}$/.test(currency) || currency.startsWith("X") || currency === "EUR") {
    return undefined;
  }
  return currency.slice(0, 2);
}
