/**
 * pain.001.001.10, customer credit transfer initiation: a customer's (or a wallet's) payment
 * order to its bank. Elements follow the schema's sequences (GroupHeader95,
 * PaymentInstruction34, CreditTransferTransaction40).
 */
import { renderAmount, type Money } from "./amount.ts";
import { isoDate, isoDateTime } from "./datetime.ts";
import { at, Problems } from "./errors.ts";
import type { Account, Agent, ChargeBearer, Party } from "./model.ts";
import { remittance } from "./pacs008.ts";
import { account, agent, party } from "./parties.ts";
import { idText, oneOf } from "./text.ts";
import { isUetr } from "./uetr.ts";
import { el, leaf, renderDocument, type XmlElement } from "./xml.ts";

export const PAIN001_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.10";
/** Transfers per message, over all its payment instructions. */
export const PAIN001_TRANSFERS_MAX = 1000;

const CHARGE_BEARERS: readonly ChargeBearer[] = ["DEBT", "CRED", "SHAR", "SLEV"];

export interface Pain001Input {
  readonly messageId: string; // GrpHdr/MsgId (35, FIN-X)
  readonly createdAtMs: number; // GrpHdr/CreDtTm
  readonly initiatingParty: Party; // GrpHdr/InitgPty
  readonly paymentInstructions: readonly PaymentInstruction[]; // PmtInf, 1..
}

/** A batch of transfers from one debtor account on one date (PaymentInstruction34). */
export interface PaymentInstruction {
  readonly paymentInformationId: string; // PmtInfId (35, FIN-X); PmtMtd is always TRF
  readonly requestedExecutionDateMs: number; // ReqdExctnDt/Dt: the UTC date of this instant
  readonly debtor: Party; // Dbtr
  readonly debtorAccount: Account; // DbtrAcct
  readonly debtorAgent: Agent; // DbtrAgt
  readonly chargeBearer?: ChargeBearer; // ChrgBr
  readonly transfers: readonly CustomerTransfer[]; // CdtTrfTxInf, 1..
}

export interface CustomerTransfer {
  readonly instructionId?: string; // PmtId/InstrId (35, FIN-X)
  readonly endToEndId: string; // PmtId/EndToEndId (35, FIN-X)
  readonly uetr?: string; // PmtId/UETR
  readonly amount: Money; // Amt/InstdAmt @Ccy
  readonly creditorAgent?: Agent; // CdtrAgt
  readonly creditor: Party; // Cdtr
  readonly creditorAccount?: Account; // CdtrAcct
  readonly remittanceInformation?: string; // RmtInf/Ustrd (140)
}

/** The XML text of the message. Throws Iso20022Error listing every problem of the input. */
export function buildPain001(input: Pain001Input): string {
  const problems = new Problems();
  const instructions = Array.isArray(input?.paymentInstructions) ? input.paymentInstructions : [];
  const total = instructions.reduce(
    (n, pi) => n + (Array.isArray(pi?.transfers) ? pi.transfers.length : 0),
    0,
  );
  if (instructions.length < 1)
    problems.add("paymentInstructions", "count", "expected at least one payment instruction");
  if (total > PAIN001_TRANSFERS_MAX) {
    problems.add(
      "paymentInstructions",
      "count",
      `${total} transfers; at most ${PAIN001_TRANSFERS_MAX} per message`,
    );
  }
  const header = el(
    "GrpHdr",
    leaf("MsgId", idText(input?.messageId, "messageId", 35, problems)),
    leaf("CreDtTm", isoDateTime(input?.createdAtMs, "createdAtMs", problems)),
    leaf("NbOfTxs", String(total)),
    party("InitgPty", input?.initiatingParty, "initiatingParty", problems),
  );
  const body =
    total > PAIN001_TRANSFERS_MAX
      ? []
      : instructions.map((pi, i) => paymentInstruction(pi, at("paymentInstructions", i), problems));
  problems.throwIfAny();
  return renderDocument(PAIN001_NAMESPACE, el("CstmrCdtTrfInitn", header, body)!);
}

function paymentInstruction(
  pi: PaymentInstruction,
  path: string,
  problems: Problems,
): XmlElement | undefined {
  if (typeof pi !== "object" || pi === null) {
    problems.add(path, "required", "expected a payment instruction object");
    return undefined;
  }
  const transfers = Array.isArray(pi.transfers) ? pi.transfers : [];
  if (transfers.length < 1)
    problems.add(at(path, "transfers"), "count", "expected at least one transfer");
  if (pi.debtorAccount === undefined)
    problems.add(at(path, "debtorAccount"), "required", "required: { id, scheme? }");
  return el(
    "PmtInf",
    leaf(
      "PmtInfId",
      idText(pi.paymentInformationId, at(path, "paymentInformationId"), 35, problems),
    ),
    leaf("PmtMtd", "TRF"),
    leaf("NbOfTxs", String(transfers.length)),
    el(
      "ReqdExctnDt",
      leaf(
        "Dt",
        isoDate(pi.requestedExecutionDateMs, at(path, "requestedExecutionDateMs"), problems),
      ),
    ),
    party("Dbtr", pi.debtor, at(path, "debtor"), problems),
    account("DbtrAcct", pi.debtorAccount, at(path, "debtorAccount"), problems),
    agent("DbtrAgt", pi.debtorAgent, at(path, "debtorAgent"), problems),
    pi.chargeBearer === undefined
      ? undefined
      : leaf("ChrgBr", oneOf(pi.chargeBearer, at(path, "chargeBearer"), CHARGE_BEARERS, problems)),
    transfers.map((t, i) => customerTransfer(t, at(at(path, "transfers"), i), problems)),
  );
}

function customerTransfer(
  t: CustomerTransfer,
  path: string,
  problems: Problems,
): XmlElement | undefined {
  if (typeof t !== "object" || t === null) {
    problems.add(path, "required", "expected a transfer object");
    return undefined;
  }
  if (t.uetr !== undefined && !isUetr(t.uetr)) {
    problems.add(at(path, "uetr"), "invalid", "expected a lower-case UUID v4 (uetrFromTxHash)");
  }
  const amount = renderAmount(t.amount, at(path, "amount"), problems);
  return el(
    "CdtTrfTxInf",
    el(
      "PmtId",
      leaf(
        "InstrId",
        t.instructionId === undefined
          ? undefined
          : idText(t.instructionId, at(path, "instructionId"), 35, problems),
      ),
      leaf("EndToEndId", idText(t.endToEndId, at(path, "endToEndId"), 35, problems)),
      leaf("UETR", isUetr(t.uetr) ? t.uetr : undefined),
    ),
    el("Amt", leaf("InstdAmt", amount.text, [["Ccy", amount.currency]])),
    t.creditorAgent && agent("CdtrAgt", t.creditorAgent, at(path, "creditorAgent"), problems),
    party("Cdtr", t.creditor, at(path, "creditor"), problems),
    account("CdtrAcct", t.creditorAccount, at(path, "creditorAccount"), problems),
    el(
      "RmtInf",
      leaf(
        "Ustrd",
        remittance(t.remittanceInformation, at(path, "remittanceInformation"), problems),
      ),
    ),
  );
}
