/**
 * Components shared by pacs.008 and pain.001: postal address, party, account, agent — each in
 * its schema's element order (PostalAddress24, PartyIdentification135, CashAccount38,
 * BranchAndFinancialInstitutionIdentification6).
 */
import { at, type Problems } from "./errors.ts";
import type { Account, Agent, Party, PostalAddress } from "./model.ts";
import { BIC_PATTERN, COUNTRY_PATTERN, LEI_PATTERN, formatted, freeText, idText } from "./text.ts";
import { el, leaf, type XmlElement } from "./xml.ts";

const ADDRESS_LINES_MAX = 7;

export function postalAddress(
  address: PostalAddress | undefined,
  path: string,
  problems: Problems,
): XmlElement | undefined {
  if (address === undefined) return undefined;
  const text = (key: keyof PostalAddress, max: number) => {
    const value = address[key];
    return value === undefined ? undefined : freeText(value, at(path, key), max, problems);
  };
  const lines = address.addressLines ?? [];
  if (!Array.isArray(lines) || lines.length > ADDRESS_LINES_MAX) {
    problems.add(at(path, "addressLines"), "count", `at most ${ADDRESS_LINES_MAX} lines`);
  }
  const country =
    address.country === undefined
      ? undefined
      : formatted(
          address.country,
          at(path, "country"),
          COUNTRY_PATTERN,
          "an ISO 3166 alpha-2 code",
          problems,
        );
  const result = el(
    "PstlAdr",
    leaf("Dept", text("department", 70)),
    leaf("StrtNm", text("streetName", 70)),
    leaf("BldgNb", text("buildingNumber", 16)),
    leaf("BldgNm", text("buildingName", 35)),
    leaf("PstCd", text("postCode", 16)),
    leaf("TwnNm", text("townName", 35)),
    leaf("CtrySubDvsn", text("countrySubDivision", 35)),
    leaf("Ctry", country),
    (Array.isArray(lines) ? lines.slice(0, ADDRESS_LINES_MAX) : []).map((line, i) =>
      leaf("AdrLine", freeText(line, at(at(path, "addressLines"), i), 70, problems)),
    ),
  );
  if (result === undefined) problems.add(path, "required", "an address needs at least one field");
  return result;
}

export function party(
  name: string,
  value: Party | undefined,
  path: string,
  problems: Problems,
): XmlElement | undefined {
  if (typeof value !== "object" || value === null) {
    problems.add(path, "required", "required: { name, postalAddress? }");
    return undefined;
  }
  const residence =
    value.countryOfResidence === undefined
      ? undefined
      : formatted(
          value.countryOfResidence,
          at(path, "countryOfResidence"),
          COUNTRY_PATTERN,
          "an ISO 3166 alpha-2 code",
          problems,
        );
  return el(
    name,
    leaf("Nm", freeText(value.name, at(path, "name"), 140, problems)),
    postalAddress(value.postalAddress, at(path, "postalAddress"), problems),
    leaf("CtryOfRes", residence),
  );
}

export function account(
  name: string,
  value: Account | undefined,
  path: string,
  problems: Problems,
): XmlElement | undefined {
  if (value === undefined) return undefined;
  const scheme =
    value.scheme === undefined
      ? undefined
      : freeText(value.scheme, at(path, "scheme"), 35, problems);
  const currency =
    value.currency === undefined
      ? undefined
      : formatted(value.currency, at(path, "currency"), /^[A-Z]{3}$/, "an ISO 4217 code", problems);
  return el(
    name,
    el(
      "Id",
      el(
        "Othr",
        leaf("Id", idText(value.id, at(path, "id"), 34, problems)),
        el("SchmeNm", leaf("Prtry", scheme)),
      ),
    ),
    leaf("Ccy", currency),
  );
}

/** BranchAndFinancialInstitutionIdentification6: FinInstnId in FinancialInstitutionIdentification18 order. */
export function agent(
  name: string,
  value: Agent | undefined,
  path: string,
  problems: Problems,
): XmlElement | undefined {
  if (typeof value !== "object" || value === null) {
    problems.add(
      path,
      "required",
      "required: { bic?, lei?, name?, other? } with at least one of them",
    );
    return undefined;
  }
  const { bic, lei, other } = value;
  if (bic === undefined && lei === undefined && value.name === undefined && other === undefined) {
    problems.add(
      path,
      "required",
      "name the agent: bic, lei, name or other (the ledger institution id)",
    );
    return undefined;
  }
  const otherScheme =
    other?.scheme === undefined
      ? undefined
      : freeText(other.scheme, at(at(path, "other"), "scheme"), 35, problems);
  return el(
    name,
    el(
      "FinInstnId",
      leaf(
        "BICFI",
        bic === undefined
          ? undefined
          : formatted(bic, at(path, "bic"), BIC_PATTERN, "a BIC (8 or 11 characters)", problems),
      ),
      leaf(
        "LEI",
        lei === undefined
          ? undefined
          : formatted(lei, at(path, "lei"), LEI_PATTERN, "an LEI (20 characters)", problems),
      ),
      leaf(
        "Nm",
        value.name === undefined
          ? undefined
          : freeText(value.name, at(path, "name"), 140, problems),
      ),
      postalAddress(value.postalAddress, at(path, "postalAddress"), problems),
      other === undefined
        ? undefined
        : el(
            "Othr",
            leaf("Id", idText(other.id, at(at(path, "other"), "id"), 35, problems)),
            el("SchmeNm", leaf("Prtry", otherScheme)),
          ),
    ),
  );
}
