/**
 * Typed input of the messages. Field names say what a value is; the XML element each one
 * becomes is named in its comment and in docs/spec/iso20022.md.
 */
import type { Money } from "./amount.ts";

export type { Money };

/** SttlmMtd: instructed agent's account, instructing agent's account, cover, clearing system. */
export type SettlementMethod = "INDA" | "INGA" | "COVE" | "CLRG";
/** ChrgBr: borne by debtor, by creditor, shared, following the service level. */
export type ChargeBearer = "DEBT" | "CRED" | "SHAR" | "SLEV";

/** PostalAddress24 (lengths in brackets). */
export interface PostalAddress {
  readonly department?: string; // Dept (70)
  readonly streetName?: string; // StrtNm (70)
  readonly buildingNumber?: string; // BldgNb (16)
  readonly buildingName?: string; // BldgNm (35)
  readonly postCode?: string; // PstCd (16)
  readonly townName?: string; // TwnNm (35)
  readonly countrySubDivision?: string; // CtrySubDvsn (35)
  readonly country?: string; // Ctry, ISO 3166 alpha-2
  readonly addressLines?: readonly string[]; // AdrLine (70), at most 7
}

/** PartyIdentification135: a debtor, creditor or initiating party. */
export interface Party {
  readonly name: string; // Nm (140)
  readonly postalAddress?: PostalAddress; // PstlAdr
  readonly countryOfResidence?: string; // CtryOfRes
}

/** CashAccount38 with Id/Othr: on Tongbao a ledger account (see isoAccountId). */
export interface Account {
  readonly id: string; // Id/Othr/Id (34, FIN-X)
  readonly scheme?: string; // Id/Othr/SchmeNm/Prtry (35), e.g. TONGBAO_SCHEME
  readonly currency?: string; // Ccy
}

/** BranchAndFinancialInstitutionIdentification6/FinInstnId: at least one identifier or a name. */
export interface Agent {
  readonly bic?: string; // BICFI
  readonly lei?: string; // LEI
  readonly name?: string; // Nm (140)
  readonly postalAddress?: PostalAddress; // PstlAdr
  /** Othr: on Tongbao the ledger institution id with scheme TONGBAO_SCHEME. */
  readonly other?: { readonly id: string; readonly scheme?: string }; // Othr/Id (35), SchmeNm/Prtry
}

/** ChrgsInf (Charges7): a fee and the agent that took it. */
export interface Charge {
  readonly amount: Money; // Amt @Ccy (may be zero)
  readonly agent: Agent; // Agt
}
