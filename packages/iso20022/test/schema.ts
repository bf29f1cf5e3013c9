/**
 * Test data written from the ISO 20022 schemas pacs.008.001.09 and pain.001.001.10 (and the
 * mandatory elements listed in the project's standards notes), independent of the builders:
 * which elements must be present, the order of each complex type's children, and the formats
 * of the leaves. Only the types the builders may emit are listed, each with its full sequence
 * so that an element out of place is caught.
 */

/** Paths that must exist in every message (attributes after "@"). */
export const PACS008_MANDATORY: readonly string[] = [
  "Document/FIToFICstmrCdtTrf/GrpHdr/MsgId",
  "Document/FIToFICstmrCdtTrf/GrpHdr/CreDtTm",
  "Document/FIToFICstmrCdtTrf/GrpHdr/NbOfTxs",
  "Document/FIToFICstmrCdtTrf/GrpHdr/SttlmInf/SttlmMtd",
  "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/PmtId/EndToEndId",
  "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/PmtId/UETR", // optional in the schema, expected cross-border
  "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/IntrBkSttlmAmt",
  "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/IntrBkSttlmAmt@Ccy",
  "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/IntrBkSttlmDt",
  "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/ChrgBr",
  "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/Dbtr",
  "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/DbtrAgt/FinInstnId",
  "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/CdtrAgt/FinInstnId",
  "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/Cdtr",
];

export const PAIN001_MANDATORY: readonly string[] = [
  "Document/CstmrCdtTrfInitn/GrpHdr/MsgId",
  "Document/CstmrCdtTrfInitn/GrpHdr/CreDtTm",
  "Document/CstmrCdtTrfInitn/GrpHdr/NbOfTxs",
  "Document/CstmrCdtTrfInitn/GrpHdr/InitgPty",
  "Document/CstmrCdtTrfInitn/PmtInf/PmtInfId",
  "Document/CstmrCdtTrfInitn/PmtInf/PmtMtd",
  "Document/CstmrCdtTrfInitn/PmtInf/ReqdExctnDt",
  "Document/CstmrCdtTrfInitn/PmtInf/Dbtr",
  "Document/CstmrCdtTrfInitn/PmtInf/DbtrAcct",
  "Document/CstmrCdtTrfInitn/PmtInf/DbtrAgt",
  "Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/PmtId/EndToEndId",
  "Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt",
];

/** Children of each complex type, in the schema's order. Choices are marked. */
// prettier-ignore
export const TYPES: Readonly<Record<string, { readonly children: readonly string[]; readonly choice?: true }>> = {
  Document: { children: ["FIToFICstmrCdtTrf", "CstmrCdtTrfInitn"], choice: true },
  FIToFICustomerCreditTransferV09: { children: ["GrpHdr", "CdtTrfTxInf", "SplmtryData"] },
  CustomerCreditTransferInitiationV10: { children: ["GrpHdr", "PmtInf", "SplmtryData"] },
  GroupHeader93: {
    children: ["MsgId", "CreDtTm", "BtchBookg", "NbOfTxs", "CtrlSum", "TtlIntrBkSttlmAmt", "IntrBkSttlmDt", "SttlmInf", "PmtTpInf", "InstgAgt", "InstdAgt"],
  },
  GroupHeader95: { children: ["MsgId", "CreDtTm", "Authstn", "NbOfTxs", "CtrlSum", "InitgPty", "FwdgAgt", "InitnSrc"] },
  SettlementInstruction7: {
    children: ["SttlmMtd", "SttlmAcct", "ClrSys", "InstgRmbrsmntAgt", "InstgRmbrsmntAgtAcct", "InstdRmbrsmntAgt", "InstdRmbrsmntAgtAcct", "ThrdRmbrsmntAgt", "ThrdRmbrsmntAgtAcct"],
  },
  ClearingSystemIdentification3Choice: { children: ["Cd", "Prtry"], choice: true },
  CreditTransferTransaction43: {
    children: [
      "PmtId", "PmtTpInf", "IntrBkSttlmAmt", "IntrBkSttlmDt", "SttlmPrty", "SttlmTmIndctn", "SttlmTmReq", "AccptncDtTm",
      "PoolgAdjstmntDt", "InstdAmt", "XchgRate", "ChrgBr", "ChrgsInf", "MndtRltdInf", "PrvsInstgAgt1", "PrvsInstgAgt1Acct",
      "PrvsInstgAgt2", "PrvsInstgAgt2Acct", "PrvsInstgAgt3", "PrvsInstgAgt3Acct", "InstgAgt", "InstdAgt", "IntrmyAgt1",
      "IntrmyAgt1Acct", "IntrmyAgt2", "IntrmyAgt2Acct", "IntrmyAgt3", "IntrmyAgt3Acct", "UltmtDbtr", "InitgPty", "Dbtr",
      "DbtrAcct", "DbtrAgt", "DbtrAgtAcct", "CdtrAgt", "CdtrAgtAcct", "Cdtr", "CdtrAcct", "UltmtCdtr", "InstrForCdtrAgt",
      "InstrForNxtAgt", "Purp", "RgltryRptg", "Tax", "RltdRmtInf", "RmtInf", "SplmtryData",
    ],
  },
  PaymentIdentification13: { children: ["InstrId", "EndToEndId", "TxId", "UETR", "ClrSysRef"] },
  Charges7: { children: ["Amt", "Agt"] },
  PaymentInstruction34: {
    children: [
      "PmtInfId", "PmtMtd", "ReqdAdvcTp", "BtchBookg", "NbOfTxs", "CtrlSum", "PmtTpInf", "ReqdExctnDt", "PoolgAdjstmntDt",
      "Dbtr", "DbtrAcct", "DbtrAgt", "DbtrAgtAcct", "InstrForDbtrAgt", "UltmtDbtr", "ChrgBr", "ChrgsAcct", "ChrgsAcctAgt",
      "CdtTrfTxInf",
    ],
  },
  DateAndDateTime2Choice: { children: ["Dt", "DtTm"], choice: true },
  CreditTransferTransaction40: {
    children: [
      "PmtId", "PmtTpInf", "Amt", "XchgRateInf", "ChrgBr", "MndtRltdInf", "ChqInstr", "UltmtDbtr", "IntrmyAgt1",
      "IntrmyAgt1Acct", "IntrmyAgt2", "IntrmyAgt2Acct", "IntrmyAgt3", "IntrmyAgt3Acct", "CdtrAgt", "CdtrAgtAcct", "Cdtr",
      "CdtrAcct", "UltmtCdtr", "InstrForCdtrAgt", "InstrForDbtrAgt", "Purp", "RgltryRptg", "Tax", "RltdRmtInf", "RmtInf",
      "SplmtryData",
    ],
  },
  PaymentIdentification6: { children: ["InstrId", "EndToEndId", "UETR"] },
  AmountType4Choice: { children: ["InstdAmt", "EqvtAmt"], choice: true },
  PartyIdentification135: { children: ["Nm", "PstlAdr", "Id", "CtryOfRes", "CtctDtls"] },
  PostalAddress24: {
    children: [
      "AdrTp", "Dept", "SubDept", "StrtNm", "BldgNb", "BldgNm", "Flr", "PstBx", "Room", "PstCd", "TwnNm", "TwnLctnNm",
      "DstrctNm", "CtrySubDvsn", "Ctry", "AdrLine",
    ],
  },
  CashAccount38: { children: ["Id", "Tp", "Ccy", "Nm", "Prxy"] },
  AccountIdentification4Choice: { children: ["IBAN", "Othr"], choice: true },
  GenericAccountIdentification1: { children: ["Id", "SchmeNm", "Issr"] },
  AccountSchemeName1Choice: { children: ["Cd", "Prtry"], choice: true },
  BranchAndFinancialInstitutionIdentification6: { children: ["FinInstnId", "BrnchId"] },
  FinancialInstitutionIdentification18: { children: ["BICFI", "ClrSysMmbId", "LEI", "Nm", "PstlAdr", "Othr"] },
  GenericFinancialIdentification1: { children: ["Id", "SchmeNm", "Issr"] },
  FinancialIdentificationSchemeName1Choice: { children: ["Cd", "Prtry"], choice: true },
  RemittanceInformation16: { children: ["Ustrd", "Strd"] },
};

const PARTIES = new Set(["Dbtr", "Cdtr", "InitgPty", "UltmtDbtr", "UltmtCdtr"]);
const AGENTS = new Set(["DbtrAgt", "CdtrAgt", "InstgAgt", "InstdAgt", "Agt"]);
const ACCOUNTS = new Set(["DbtrAcct", "CdtrAcct"]);

/** The schema type of the element at the end of `path` (element names from the root). */
export function typeOf(path: readonly string[]): string | undefined {
  const name = path.at(-1)!;
  const parent = path.at(-2);
  const message = path[1];
  if (path.length === 1) return "Document";
  if (name === "FIToFICstmrCdtTrf") return "FIToFICustomerCreditTransferV09";
  if (name === "CstmrCdtTrfInitn") return "CustomerCreditTransferInitiationV10";
  if (name === "GrpHdr") return message === "FIToFICstmrCdtTrf" ? "GroupHeader93" : "GroupHeader95";
  if (name === "CdtTrfTxInf")
    return parent === "PmtInf" ? "CreditTransferTransaction40" : "CreditTransferTransaction43";
  if (name === "PmtId")
    return message === "FIToFICstmrCdtTrf" ? "PaymentIdentification13" : "PaymentIdentification6";
  if (name === "SttlmInf") return "SettlementInstruction7";
  if (name === "ClrSys") return "ClearingSystemIdentification3Choice";
  if (name === "ChrgsInf") return "Charges7";
  if (name === "PmtInf") return "PaymentInstruction34";
  if (name === "ReqdExctnDt") return "DateAndDateTime2Choice";
  if (name === "Amt" && parent === "CdtTrfTxInf") return "AmountType4Choice";
  if (PARTIES.has(name)) return "PartyIdentification135";
  if (name === "PstlAdr") return "PostalAddress24";
  if (ACCOUNTS.has(name)) return "CashAccount38";
  if (name === "Id" && parent !== undefined && ACCOUNTS.has(parent))
    return "AccountIdentification4Choice";
  if (name === "Othr" && parent === "Id") return "GenericAccountIdentification1";
  if (name === "Othr" && parent === "FinInstnId") return "GenericFinancialIdentification1";
  if (name === "SchmeNm")
    return path.at(-3) === "Id"
      ? "AccountSchemeName1Choice"
      : "FinancialIdentificationSchemeName1Choice";
  if (AGENTS.has(name)) return "BranchAndFinancialInstitutionIdentification6";
  if (name === "FinInstnId") return "FinancialInstitutionIdentification18";
  if (name === "RmtInf") return "RemittanceInformation16";
  return undefined; // a leaf
}

/** Formats of leaves, by element name. */
export const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
export const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const UETR = /^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$/;
export const AMOUNT = /^\d{1,18}(\.\d{1,5})?$/;
export const CURRENCY = /^[A-Z]{3}$/;
export const MAX15_NUMERIC = /^\d{1,15}$/;
export const BIC = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
export const BASE_ONE_RATE = /^\d+(\.\d{1,10})?$/;
export const COUNTRY = /^[A-Z]{2}$/;
/** ISO 4217 exponents of the currencies the tests use. */
export const MINOR_UNITS: Readonly<Record<string, number>> = {
  HKD: 2,
  PHP: 2,
  USD: 2,
  CNY: 2,
  SGD: 2,
  JPY: 0,
  VND: 0,
};
/** Elements holding an amount with a Ccy attribute. */
export const AMOUNT_ELEMENTS = new Set(["IntrBkSttlmAmt", "InstdAmt", "Amt"]);
export const MAX_LENGTHS: Readonly<Record<string, number>> = {
  MsgId: 35,
  InstrId: 35,
  EndToEndId: 35,
  TxId: 35,
  PmtInfId: 35,
  Nm: 140,
  Ustrd: 140,
  AdrLine: 70,
  StrtNm: 70,
  TwnNm: 35,
  Prtry: 35,
};
