/**
 * Sending a payment from the browser: build (the SDK checks recipient, amount and currency
 * against the chain), sign with the browser's key, submit, and learn it is final.
 *
 * Final means committed in a block. The wallet listens on the payer's account topic — opened
 * before submitting, so the event cannot be missed — and, in case the WebSocket is down, also
 * asks for the transaction now and then; whichever answers first gives the receipt.
 */
import type { HistoryEntry } from "@tongbao/api";
import {
  TransactionNotFoundError,
  WaitForTransactionTimeoutError,
  buildTransfer,
  getTransaction,
  signTransaction,
  submitTransaction,
  subscribe,
  type BuildTransferReturnType,
  type Client,
  type Signer,
} from "@tongbao/client/browser";

export interface PaymentDraft {
  readonly to: string;
  readonly amount: string;
  readonly currency: string;
  /** A QR code's one-time reference (64 hex), linking the payment to a sale or a request. */
  readonly reference?: string;
}

export interface FinalPayment {
  readonly hash: string;
  readonly height: number;
  readonly timestamp: string;
  readonly code: number;
  readonly codeName: string;
  /** How the wallet learnt it: the live feed, or by asking. */
  readonly via: "live" | "poll";
}

/** Longest wait for the block; a healthy network commits in about a second. */
export const FINAL_WAIT_MS = 60_000;
/** When, and how often, to ask as well, in case the live feed is not delivering. */
const POLL_AFTER_MS = 2_000;
const POLL_EVERY_MS = 1_000;

/** Checks and builds the transfer; nothing is sent. Throws the SDK's errors (InvalidAmountError…). */
export function preparePayment(
  client: Client,
  signer: Signer,
  draft: PaymentDraft,
): Promise<BuildTransferReturnType> {
  return buildTransfer(client, {
    from: signer,
    to: draft.to,
    amount: draft.amount,
    currency: draft.currency,
    ...(draft.reference === undefined ? {} : { reference: draft.reference }),
  });
}

function finalFrom(entry: HistoryEntry, hash: string): FinalPayment | undefined {
  if (entry.type !== "transaction" || entry.hash !== hash) return undefined;
  const { height, timestamp, code, codeName } = entry;
  return { hash, height, timestamp, code, codeName, via: "live" };
}

/**
 * Signs and submits `built`, then resolves once it is in a block (whatever its result code).
 * `onSubmitted` hears the hash as soon as the gateway has accepted the transaction.
 */
export async function sendPayment(
  client: Client,
  signer: Signer,
  built: BuildTransferReturnType,
  onSubmitted?: (hash: string) => void,
): Promise<FinalPayment> {
  let settle: (final: FinalPayment) => void = () => {};
  const final = new Promise<FinalPayment>((resolve) => (settle = resolve));
  const subscription = await subscribe(client, {
    topic: { kind: "account", id: built.from },
    onEvent: (event) => {
      if (event.type !== "account") return;
      const found = finalFrom(event.entry, built.hash);
      if (found !== undefined) settle(found);
    },
  }).catch(() => undefined); // without the live feed, asking alone will do

  let done = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const signed = await signTransaction(client, { transaction: built, signer });
    await submitTransaction(client, { transaction: signed });
    onSubmitted?.(signed.hash);
    const poll = async (): Promise<FinalPayment> => {
      await sleep(POLL_AFTER_MS);
      while (!done) {
        try {
          const view = await getTransaction(client, { hash: signed.hash });
          if (view.status === "committed") {
            const { hash, height, timestamp, code, codeName } = view;
            return { hash, height, timestamp, code, codeName, via: "poll" };
          }
        } catch (error) {
          if (!(error instanceof TransactionNotFoundError)) throw error;
        }
        await sleep(POLL_EVERY_MS);
      }
      return new Promise<FinalPayment>(() => {});
    };
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new WaitForTransactionTimeoutError(signed.hash, FINAL_WAIT_MS)),
        FINAL_WAIT_MS,
      );
    });
    return await Promise.race([final, poll(), timeout]);
  } finally {
    done = true;
    clearTimeout(timer);
    void subscription?.unsubscribe();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
