/**
 * Debtor and creditor of an ISO 20022 message from decrypted travel-rule data (IVMS101): the
 * first originator and the first beneficiary, with their first address. Only an institution the
 * data was encrypted to can call this, for its own operator (docs/spec/api.md, "Remittances");
 * anyone else's export names the parties "NOTPROVIDED".
 *
 * The data was validated by its sender, not by us, so every field is read defensively: what is
 * missing or of the wrong shape is left out, never guessed.
 */
import { truncateText, type Party, type PostalAddress } from "@tongbao/iso20022";
import type { Address, Person, TravelRuleData } from "@tongbao/travel-rule";

/** Max lengths of the schema (PartyIdentification135, PostalAddress24). */
const NAME_CHARS_MAX = 140;
const TEXT_CHARS_MAX = 70;
const TOWN_CHARS_MAX = 35;
const POST_CODE_CHARS_MAX = 16;
const ADDRESS_LINES_MAX = 7;

export interface RemittanceParties {
  readonly debtor: Party;
  readonly creditor: Party;
}

/** What ISO 20022 text may not hold: control characters, broken surrogates, non-characters. */
const UNPRINTABLE = /[\p{Cc}\p{Surrogate}\uFFFE\uFFFF]/gu;

/**
 * Text from decrypted travel-rule data, fit for a message field: the sender sealed it, so it may
 * hold anything. Unprintable characters become spaces, and the text is cut to `max` code points
 * with no space left at either end.
 */
function clip(value: unknown, max: number): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = truncateText(value.replace(UNPRINTABLE, " ").trim(), max);
  return trimmed === "" ? undefined : trimmed;
}

/** A natural person's legal name as given names then family name; a legal person's name. */
function nameOf(person: Person | undefined): string | undefined {
  const natural = person?.naturalPerson?.name?.nameIdentifier?.[0];
  if (natural !== undefined) {
    const parts = [natural.secondaryIdentifier, natural.primaryIdentifier].filter(
      (part): part is string => typeof part === "string" && part.trim() !== "",
    );
    return clip(parts.join(" "), NAME_CHARS_MAX);
  }
  return clip(person?.legalPerson?.name?.nameIdentifier?.[0]?.legalPersonName, NAME_CHARS_MAX);
}

function addressOf(address: Address | undefined): PostalAddress | undefined {
  if (address === undefined) return undefined;
  const lines = Array.isArray(address.addressLine)
    ? address.addressLine
        .map((line) => clip(line, TEXT_CHARS_MAX))
        .filter((line): line is string => line !== undefined)
        .slice(0, ADDRESS_LINES_MAX)
    : [];
  const country = typeof address.country === "string" ? address.country : undefined;
  const fields: PostalAddress = {
    ...optional("streetName", clip(address.streetName, TEXT_CHARS_MAX)),
    ...optional("buildingNumber", clip(address.buildingNumber, POST_CODE_CHARS_MAX)),
    ...optional("postCode", clip(address.postCode, POST_CODE_CHARS_MAX)),
    ...optional("townName", clip(address.townName, TOWN_CHARS_MAX)),
    ...optional(
      "country",
      country !== undefined && /^[A-Z]{2}$/.test(country) ? country : undefined,
    ),
    ...(lines.length === 0 ? {} : { addressLines: lines }),
  };
  return Object.keys(fields).length === 0 ? undefined : fields;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function partyOf(person: Person | undefined, fallbackName: string): Party {
  const address = addressOf(
    person?.naturalPerson?.geographicAddress?.[0] ?? person?.legalPerson?.geographicAddress?.[0],
  );
  const residence = person?.naturalPerson?.countryOfResidence;
  return {
    name: nameOf(person) ?? fallbackName,
    ...(address === undefined ? {} : { postalAddress: address }),
    ...(typeof residence === "string" && /^[A-Z]{2}$/.test(residence)
      ? { countryOfResidence: residence }
      : {}),
  };
}

export function partiesFromTravelRule(
  data: TravelRuleData,
  fallbackName: string,
): RemittanceParties {
  return {
    debtor: partyOf(data.originator?.originatorPersons?.[0], fallbackName),
    creditor: partyOf(data.beneficiary?.beneficiaryPersons?.[0], fallbackName),
  };
}
