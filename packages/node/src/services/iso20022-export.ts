/**
 * A settled remittance as ISO 20022 (docs/spec/iso20022.md §1): pacs.008.001.09 for the banks'
 * back offices, or pain.001.001.10 for the payer's order, built by @tongbao/iso20022 from what the
 * block recorded (SettledRemittance) and the transaction's hash, client id and block time. The
 * same remittance always exports the same bytes.
 *
 * Names: the ledger holds none. Debtor and creditor are named "NOTPROVIDED" (the usual value for
 * an unknown name), unless the caller passes the parties it read from the travel-rule data its
 * institution can decrypt (iso20022-parties.ts): then the names and addresses are the real ones.
 */
import {
  TONGBAO_SCHEME,
  buildPacs008,
  buildPain001,
  exchangeRateFromRatio,
  isoAccountId,
  uetrFromTxHash,
  type Agent,
  type Money as IsoMoney,
} from "@tongbao/iso20022";
import type { Iso20022Type } from "@tongbao/api";
import type { LedgerState, SettledRemittance } from "@tongbao/ledger";
import type { CurrencyCode } from "@tongbao/types";
import type { RemittanceParties } from "./iso20022-parties.ts";

/** What the node remembers of a settled remittance for its export. */
export interface RemittanceRecord {
  readonly hash: string;
  /** The transaction's client id: the payer's end-to-end id. */
  readonly clientId: string;
  readonly timestampMs: number;
  readonly settled: SettledRemittance;
}

export const UNKNOWN_NAME = "NOTPROVIDED";
const CLEARING_SYSTEM = "TONGBAO";

function isoMoney(state: LedgerState, currency: CurrencyCode, amountMinor: bigint): IsoMoney {
  return { amountMinor, currency, minorUnits: state.currencies.get(currency)?.minorUnits ?? 0 };
}

/** The institution of an account as an agent: its name and its ledger id under TONGBAO. */
function agentOf(state: LedgerState, account: string): Agent {
  const institutionId = state.accounts.get(account as never)?.institution ?? "";
  const institution = state.institutions.get(institutionId as never);
  return {
    ...(institution === undefined ? {} : { name: institution.name }),
    other: { id: institutionId, scheme: TONGBAO_SCHEME },
  };
}

/**
 * Units of the receive currency per unit of the send currency: the ledger's rate is per minor
 * unit, so it is scaled by the currencies' exponents.
 */
function majorRate(state: LedgerState, settled: SettledRemittance): string {
  const send = BigInt(state.currencies.get(settled.sendCurrency)?.minorUnits ?? 0);
  const receive = BigInt(state.currencies.get(settled.receiveCurrency)?.minorUnits ?? 0);
  return exchangeRateFromRatio(settled.rateNum * 10n ** send, settled.rateDen * 10n ** receive);
}

export function remittanceMessage(
  state: LedgerState,
  record: RemittanceRecord,
  type: Iso20022Type,
  parties?: RemittanceParties,
): string {
  const { settled, hash, clientId, timestampMs } = record;
  const debtor = parties?.debtor ?? { name: UNKNOWN_NAME };
  const creditor = parties?.creditor ?? { name: UNKNOWN_NAME };
  const messageId = `TB${hash.slice(0, 32)}`;
  const uetr = uetrFromTxHash(hash);
  const debtorAgent = agentOf(state, settled.sender);
  const creditorAgent = agentOf(state, settled.recipient);
  const debtorAccount = {
    id: isoAccountId(settled.sender),
    scheme: TONGBAO_SCHEME,
    currency: settled.sendCurrency,
  };
  const creditorAccount = {
    id: isoAccountId(settled.recipient),
    scheme: TONGBAO_SCHEME,
    currency: settled.receiveCurrency,
  };
  const sent = isoMoney(state, settled.sendCurrency, settled.sendAmount);
  if (type === "pain.001") {
    return buildPain001({
      messageId,
      createdAtMs: timestampMs,
      initiatingParty: { name: debtor.name },
      paymentInstructions: [
        {
          paymentInformationId: messageId,
          requestedExecutionDateMs: timestampMs,
          debtor,
          debtorAccount,
          debtorAgent,
          chargeBearer: "DEBT",
          transfers: [
            {
              endToEndId: clientId,
              uetr,
              amount: sent,
              creditorAgent,
              creditor,
              creditorAccount,
            },
          ],
        },
      ],
    });
  }
  return buildPacs008({
    messageId,
    createdAtMs: timestampMs,
    settlementMethod: "CLRG",
    clearingSystem: CLEARING_SYSTEM,
    transactions: [
      {
        endToEndId: clientId,
        transactionId: hash.slice(0, 35),
        uetr,
        settlementAmount: isoMoney(state, settled.receiveCurrency, settled.receiveAmount),
        settlementDateMs: timestampMs,
        instructedAmount: sent,
        exchangeRate: majorRate(state, settled),
        chargeBearer: "DEBT",
        charges: [
          { amount: isoMoney(state, settled.sendCurrency, settled.fee), agent: debtorAgent },
        ],
        instructingAgent: debtorAgent,
        instructedAgent: creditorAgent,
        debtor,
        debtorAccount,
        debtorAgent,
        creditorAgent,
        creditor,
        creditorAccount,
      },
    ],
  });
}
