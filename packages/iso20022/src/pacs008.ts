/**
 * pacs.008.001.09, FI-to-FI customer credit transfer: what a settled remittance looks like to
 * the banks' back offices. Elements follow the schema's sequences (GroupHeader93,
 * CreditTransferTransaction43); docs/spec/iso20022.md maps ledger facts to them.
 */
import { renderAmount, type Money } from "./amount.ts";
import { isoDate, isoDateTime } from "./datetime.ts";
import { at, Problems } from "./errors.ts";
import type { Account, Agent, ChargeBearer, Charge, Party, SettlementMethod } from "./model.ts";
import { account, agent, party } from "./parties.ts";
import { isBaseOneRate } from "./rate.ts";
import { freeText, idText, oneOf } from "./text.ts";
import { isUetr } from "./uetr.ts";
import { el, leaf, renderDocument, type XmlElement } from "./xml.ts";

export const PACS008_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.09";
/** Transactions per message: far above the one per message that cross-border usage sends. */
export const PACS008_TRANSACTIONS_MAX = 1000;

const SETTLEMENT_METHODS: readonly SettlementMethod[] = ["INDA", "INGA", "COVE", "CLRG"];
const CHARGE_BEARERS: readonly ChargeBearer[] = ["DEBT", "CRED", "SHAR", "SLEV"];
const CHARGES_MAX = 10;

export interface Pacs008Input {
  readonly messageId: string; // GrpHdr/MsgId (35, FIN-X)
  readonly createdAtMs: number; // GrpHdr/CreDtTm
  readonly settlementMethod: SettlementMethod; // GrpHdr/SttlmInf/SttlmMtd
  readonly clearingSystem?: string; // GrpHdr/SttlmInf/ClrSys/Prtry (35), e.g. "TONGBAO"
  readonly transactions: readonly CreditTransfer[]; // CdtTrfTxInf, 1..1000
}

export interface CreditTransfer {
  readonly instructionId?: string; // PmtId/InstrId (35, FIN-X)
  readonly endToEndId: string; // PmtId/EndToEndId (35, FIN-X); "NOTPROVIDED" if none
  readonly transactionId?: string; // PmtId/TxId (35, FIN-X)
  readonly uetr: string; // PmtId/UETR (uetrFromTxHash)
  readonly settlementAmount: Money; // IntrBkSttlmAmt @Ccy
  readonly settlementDateMs: number; // IntrBkSttlmDt: the UTC date of this instant
  /** The amount the debtor sent, when its currency differs or charges were taken from it. */
  readonly instructedAmount?: Money; // InstdAmt @Ccy
  /** Units of the settlement currency per unit of the instructed currency (BaseOneRate). */
  readonly exchangeRate?: string; // XchgRate
  readonly chargeBearer: ChargeBearer; // ChrgBr
  readonly charges?: readonly Charge[]; // ChrgsInf
  readonly instructingAgent?: Agent; // InstgAgt
  readonly instructedAgent?: Agent; // InstdAgt
  readonly debtor: Party; // Dbtr
  readonly debtorAccount?: Account; // DbtrAcct
  readonly debtorAgent: Agent; // DbtrAgt
  readonly creditorAgent: Agent; // CdtrAgt
  readonly creditor: Party; // Cdtr
  readonly creditorAccount?: Account; // CdtrAcct
  readonly remittanceInformation?: string; // RmtInf/Ustrd (140)
}

/** The XML text of the message. Throws Iso20022Error listing every problem of the input. */
export function buildPacs008(input: Pacs008Input): string {
  const problems = new Problems();
  const transactions = Array.isArray(input?.transactions) ? input.transactions : [];
  if (transactions.length < 1 || transactions.length > PACS008_TRANSACTIONS_MAX) {
    problems.add("transactions", "count", `expected 1–${PACS008_TRANSACTIONS_MAX} transactions`);
  }
  const header = el(
    "GrpHdr",
    leaf("MsgId", idText(input?.messageId, "messageId", 35, problems)),
    leaf("CreDtTm", isoDateTime(input?.createdAtMs, "createdAtMs", problems)),
    leaf("NbOfTxs", String(transactions.length)),
    el(
      "SttlmInf",
      leaf(
        "SttlmMtd",
        oneOf(input?.settlementMethod, "settlementMethod", SETTLEMENT_METHODS, problems),
      ),
      el(
        "ClrSys",
        leaf(
          "Prtry",
          input?.clearingSystem === undefined
            ? undefined
            : freeText(input.clearingSystem, "clearingSystem", 35, problems),
        ),
      ),
    ),
  );
  const body = transactions
    .slice(0, PACS008_TRANSACTIONS_MAX)
    .map((tx, i) => creditTransfer(tx, at("transactions", i), problems));
  problems.throwIfAny();
  return renderDocument(PACS008_NAMESPACE, el("FIToFICstmrCdtTrf", header, body)!);
}

function creditTransfer(
  tx: CreditTransfer,
  path: string,
  problems: Problems,
): XmlElement | undefined {
  if (typeof tx !== "object" || tx === null) {
    problems.add(path, "required", "expected a credit transfer object");
    return undefined;
  }
  const optionalId = (key: "instructionId" | "transactionId") =>
    tx[key] === undefined ? undefined : idText(tx[key], at(path, key), 35, problems);
  if (!isUetr(tx.uetr)) {
    problems.add(at(path, "uetr"), "invalid", "expected a lower-case UUID v4 (uetrFromTxHash)");
  }
  const settlement = renderAmount(tx.settlementAmount, at(path, "settlementAmount"), problems);
  const instructed =
    tx.instructedAmount === undefined
      ? undefined
      : renderAmount(tx.instructedAmount, at(path, "instructedAmount"), problems);
  checkExchangeRate(tx, settlement.currency, instructed?.currency, path, problems);
  const charges = tx.charges ?? [];
  if (!Array.isArray(charges) || charges.length > CHARGES_MAX) {
    problems.add(at(path, "charges"), "count", `at most ${CHARGES_MAX} charges`);
  }
  return el(
    "CdtTrfTxInf",
    el(
      "PmtId",
      leaf("InstrId", optionalId("instructionId")),
      leaf("EndToEndId", idText(tx.endToEndId, at(path, "endToEndId"), 35, problems)),
      leaf("TxId", optionalId("transactionId")),
      leaf("UETR", isUetr(tx.uetr) ? tx.uetr : undefined),
    ),
    leaf("IntrBkSttlmAmt", settlement.text, [["Ccy", settlement.currency]]),
    leaf("IntrBkSttlmDt", isoDate(tx.settlementDateMs, at(path, "settlementDateMs"), problems)),
    instructed && leaf("InstdAmt", instructed.text, [["Ccy", instructed.currency]]),
    leaf("XchgRate", tx.exchangeRate),
    leaf("ChrgBr", oneOf(tx.chargeBearer, at(path, "chargeBearer"), CHARGE_BEARERS, problems)),
    (Array.isArray(charges) ? charges.slice(0, CHARGES_MAX) : []).map((charge, i) => {
      const chargePath = at(at(path, "charges"), i);
      const amount = renderAmount(charge?.amount, at(chargePath, "amount"), problems, false);
      return el(
        "ChrgsInf",
        leaf("Amt", amount.text, [["Ccy", amount.currency]]),
        agent("Agt", charge?.agent, at(chargePath, "agent"), problems),
      );
    }),
    tx.instructingAgent &&
      agent("InstgAgt", tx.instructingAgent, at(path, "instructingAgent"), problems),
    tx.instructedAgent &&
      agent("InstdAgt", tx.instructedAgent, at(path, "instructedAgent"), problems),
    party("Dbtr", tx.debtor, at(path, "debtor"), problems),
    account("DbtrAcct", tx.debtorAccount, at(path, "debtorAccount"), problems),
    agent("DbtrAgt", tx.debtorAgent, at(path, "debtorAgent"), problems),
    agent("CdtrAgt", tx.creditorAgent, at(path, "creditorAgent"), problems),
    party("Cdtr", tx.creditor, at(path, "creditor"), problems),
    account("CdtrAcct", tx.creditorAccount, at(path, "creditorAccount"), problems),
    el(
      "RmtInf",
      leaf(
        "Ustrd",
        remittance(tx.remittanceInformation, at(path, "remittanceInformation"), problems),
      ),
    ),
  );
}

/**
 * XchgRate converts the instructed amount's currency into the settlement currency, so it
 * needs an instructed amount, and a conversion needs a rate.
 */
function checkExchangeRate(
  tx: CreditTransfer,
  settlementCurrency: string,
  instructedCurrency: string | undefined,
  path: string,
  problems: Problems,
): void {
  if (tx.exchangeRate !== undefined && !isBaseOneRate(tx.exchangeRate)) {
    problems.add(
      at(path, "exchangeRate"),
      "invalid",
      "expected a positive decimal of ≤ 11 digits, ≤ 10 after the point (exchangeRateFromRatio)",
    );
  }
  if (tx.exchangeRate !== undefined && tx.instructedAmount === undefined) {
    problems.add(
      at(path, "instructedAmount"),
      "required",
      "an exchange rate needs the instructed amount it converts",
    );
  }
  if (
    instructedCurrency !== undefined &&
    instructedCurrency !== settlementCurrency &&
    tx.exchangeRate === undefined
  ) {
    problems.add(
      at(path, "exchangeRate"),
      "required",
      `required: ${instructedCurrency} was instructed and ${settlementCurrency} settled`,
    );
  }
}

export function remittance(
  value: string | undefined,
  path: string,
  problems: Problems,
): string | undefined {
  return value === undefined ? undefined : freeText(value, path, 140, problems);
}
