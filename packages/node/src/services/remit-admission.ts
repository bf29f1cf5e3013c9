/**
 * A gateway's own refusals of transactions that would only fail, or that compliance forbids
 * proposing at all (docs/spec/api.md, "Remittances"):
 *
 * - any transaction naming a sanctioned account (signer, recipient, provider): the ledger's own
 *   sanctionedAccountOf, so the answer is the one execution would give;
 * - a remit at or above its send currency's travel-rule threshold without a travel-rule hash;
 * - a remit with a hash whose envelope this node does not hold, sealed to the sender's
 *   institution, the recipient's institution and every regulator (the travel-rule store's check,
 *   passed in as `travelRule`).
 *
 * Refusals change nothing and say what to do.
 */
import type { SubmitResult } from "@tongbao/api";
import {
  ResultCode,
  Role,
  sanctionedAccountOf,
  type LedgerState,
  type RemitOp,
  type SignedTransaction,
} from "@tongbao/ledger";
import { formatAmount, type Hash } from "@tongbao/types";

/**
 * The travel-rule store's check: which of the `required` institutions (ids) the envelope with
 * this hash is not sealed to; all of them when the node holds no such envelope (nor its peers).
 */
export type TravelRuleEnvelopeCheck = (
  hash: Hash,
  required: readonly string[],
) => Promise<readonly string[]>;

/** A remit's travel-rule hash whose envelope must be checked before admission. */
export interface EnvelopeDemand {
  readonly operationIndex: number;
  readonly hash: Hash;
  /** Sender's institution, recipient's institution, every regulator. */
  readonly required: readonly string[];
}

function rejected(
  signed: SignedTransaction,
  code: "account_sanctioned" | "travel_rule_required" | "travel_rule_envelope_missing",
  message: string,
  details: Record<string, unknown>,
): SubmitResult {
  return { status: "rejected", hash: signed.hash, error: { code, message, details } };
}

/** The institutions an envelope must be sealed to: sender's, recipient's, every regulator. */
export function travelRuleRecipients(
  state: LedgerState,
  sender: string,
  recipient: string,
): string[] {
  const required = new Set<string>();
  const senderAccount = state.accounts.get(sender as never);
  const recipientAccount = state.accounts.get(recipient as never);
  if (senderAccount !== undefined) required.add(senderAccount.institution);
  if (recipientAccount !== undefined) required.add(recipientAccount.institution);
  for (const institution of state.institutions.values()) {
    if ((institution.roles & Role.regulator) !== 0) required.add(institution.id);
  }
  return [...required].sort();
}

function refuseRemit(
  state: LedgerState,
  signed: SignedTransaction,
  op: RemitOp,
  index: number,
): SubmitResult | EnvelopeDemand | undefined {
  // No threshold for the currency: the data is always required, as the ledger requires it.
  const threshold = state.travelRuleThresholds.get(op.sendCurrency) ?? 0n;
  const minorUnits = state.currencies.get(op.sendCurrency)?.minorUnits ?? 0;
  if (op.travelRuleHash === undefined) {
    if (op.sendAmount < threshold) return undefined;
    const limit = `${formatAmount(threshold, minorUnits)} ${op.sendCurrency}`;
    const when =
      threshold === 0n
        ? `for every remittance in ${op.sendCurrency} (it has no threshold)`
        : `at or above ${limit}`;
    return rejected(
      signed,
      "travel_rule_required",
      `travel-rule data required ${when}: seal the originator's and beneficiary's data to the institutions and regulators, upload it, and sign the remit with its hash`,
      {
        operationIndex: index,
        threshold: { amount: formatAmount(threshold, minorUnits), currency: op.sendCurrency },
      },
    );
  }
  const required = travelRuleRecipients(state, signed.signer, op.to);
  return { operationIndex: index, hash: op.travelRuleHash, required };
}

/**
 * The envelopes' check, after the synchronous refusals: refuses the transaction when an envelope
 * is missing or not sealed to every institution that must read it.
 */
export async function refuseMissingEnvelopes(
  signed: SignedTransaction,
  demands: readonly EnvelopeDemand[],
  travelRule: TravelRuleEnvelopeCheck,
): Promise<SubmitResult | undefined> {
  for (const { operationIndex, hash, required } of demands) {
    const missing = await travelRule(hash, required);
    if (missing.length === 0) continue;
    return rejected(
      signed,
      "travel_rule_envelope_missing",
      missing.length === required.length
        ? `this node holds no travel-rule envelope with hash ${hash}; upload it (POST /v1/travel-rule, sealed to ${required.join(", ")}) before submitting the remit`
        : `the travel-rule envelope ${hash} is not sealed to ${missing.join(", ")}; seal it to ${required.join(", ")} and upload it again`,
      { operationIndex, travelRuleHash: hash, required, missing },
    );
  }
  return undefined;
}

/**
 * A refusal of the transaction, or the travel-rule envelopes still to check (none: it may go on
 * to the mempool's admission).
 */
export function refuseRemittance(
  state: LedgerState,
  signed: SignedTransaction,
): SubmitResult | EnvelopeDemand[] {
  const account = sanctionedAccountOf(state, signed);
  if (account !== undefined) {
    return rejected(
      signed,
      "account_sanctioned",
      `account ${account} is sanctioned by a regulator: it may neither send nor receive; nothing was submitted (its institution can say more)`,
      { account },
    );
  }
  const demands: EnvelopeDemand[] = [];
  const operations = signed.tx.operations;
  for (let i = 0; i < operations.length; i++) {
    const op = operations[i]!;
    if (op.kind !== "remit") continue;
    const outcome = refuseRemit(state, signed, op, i);
    if (outcome === undefined) continue;
    if ("status" in outcome) return outcome;
    demands.push(outcome);
  }
  return demands;
}
