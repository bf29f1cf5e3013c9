/**
 * Building, signing, submitting and waiting for transactions, and `pay`, which does all four.
 *
 * A transaction is built from the chain's own data (the currency's minor units come from the
 * gateway), encoded canonically by the ledger's encoder, and signed by a Signer under the
 * client's chain id and purpose "tx" — exactly what the node verifies. Nothing here touches a
 * private key or a Node module, so these actions run in browsers as they do in Node.
 */
import {
  encodeBatch,
  limits as apiLimits,
  routes,
  type Money,
  type SubmitResult,
  type TransactionCommittedView,
} from "@tongbao/api";
import { accountIdFromPublicKey } from "@tongbao/codec";
import {
  SIGNATURE_BYTES as ledgerSignatureBytes,
  transactionHash,
  type Transaction,
} from "@tongbao/ledger";
import { bytesToHex, equalBytes } from "@tongbao/std";
import {
  formatAmount,
  parseAmount,
  type AccountId,
  type Amount,
  type CurrencyCode,
  type Hash,
} from "@tongbao/types";
import type { Client } from "../client.ts";
import type { Signer } from "../signer.ts";
import {
  AccountNotFoundError,
  ApiError,
  HttpRequestError,
  InsufficientFundsError,
  InvalidAmountError,
  InvalidParameterError,
  MempoolFullError,
  RateLimitedError,
  TransactionDroppedError,
  TransactionFailedError,
  TransactionNotFoundError,
  TransactionRejectedError,
  UnknownCurrencyError,
  WaitForTransactionTimeoutError,
  failureError,
} from "../errors.ts";
import { request } from "../transport.ts";
import {
  anAccountId,
  buildTransaction,
  optionalHash,
  parseMoney,
  type PublicKeyLike,
} from "./build.ts";
import { announceSigned, type OnSigned } from "./on-signed.ts";
import { getAccount, getTransaction } from "./queries.ts";

export { VALID_FOR_MS_DEFAULT } from "./build.ts";

// ---- buildTransfer --------------------------------------------------------------------------

export interface BuildTransferParameters {
  /** The payer: a Signer, or anything with its key type and public key (a crypto KeyPair). */
  readonly from: PublicKeyLike;
  /** The payee's account id. */
  readonly to: string;
  /** A decimal string with at most the currency's digits after the point, e.g. "12.50". */
  readonly amount: string;
  readonly currency: string;
  /**
   * Makes the transfer a referenced payment, e.g. a dynamic QR code's one-time reference: the
   * payee can be paid only once under it, and can refund it (see refund).
   */
  readonly reference?: string;
  readonly memoHash?: string;
  /** The transaction's id (32 hex); random by default. Resubmitting the same id is idempotent. */
  readonly id?: string;
  /** How long the transaction may wait for a block; VALID_FOR_MS_DEFAULT, at most 24 h. */
  readonly validForMs?: number;
}

export interface BuildTransferReturnType {
  readonly transaction: Transaction;
  /** The canonical bytes that are signed. */
  readonly body: Uint8Array;
  readonly hash: Hash;
  readonly from: AccountId;
  readonly amount: Money;
  readonly amountMinor: Amount;
  /** The currency's digits after the decimal point. */
  readonly minorUnits: number;
}

export type BuildTransferErrorType =
  InvalidParameterError | InvalidAmountError | UnknownCurrencyError | ApiError | HttpRequestError;

/**
 * Builds an unsigned transfer. Reads the chain's currencies from the gateway once per client.
 * @example
 * const built = await buildTransfer(client, { from: signer, to: bob, amount: "12.50", currency: "HKD" });
 */
export async function buildTransfer(
  client: Client,
  params: BuildTransferParameters,
): Promise<BuildTransferReturnType> {
  const to = anAccountId("to", params.to);
  if (accountIdFromPublicKey(params.from.type, params.from.publicKey) === to)
    throw new InvalidParameterError("to", "a transfer must go to another account than the payer's");
  const reference = optionalHash("reference", params.reference);
  const memoHash = optionalHash("memoHash", params.memoHash);
  const money = await parseMoney(client, "amount", params.amount, params.currency);
  const built = buildTransaction(client, {
    from: params.from,
    operations: [
      {
        kind: "transfer",
        to,
        currency: params.currency as CurrencyCode,
        amount: money.amountMinor,
        reference,
        memoHash,
      },
    ],
    id: params.id,
    validForMs: params.validForMs,
  });
  return { ...built, ...money };
}

// ---- signTransaction ------------------------------------------------------------------------

export interface SignTransactionParameters {
  /** What buildTransfer returned (or any transaction with its canonical body). */
  readonly transaction: { readonly transaction: Transaction; readonly body: Uint8Array };
  /** The signer's key: nobleSigner in a browser, keySigner in Node, or your own Signer. */
  readonly signer: Signer;
}

export interface SignTransactionReturnType {
  /** The signed transaction's canonical bytes: body ‖ signature. */
  readonly bytes: Uint8Array;
  readonly hash: Hash;
  readonly signature: Uint8Array;
}

export type SignTransactionErrorType = InvalidParameterError;

/** Signs for the client's chain with purpose "tx" (domain-separated; docs/spec/encoding.md). */
export async function signTransaction(
  client: Client,
  params: SignTransactionParameters,
): Promise<SignTransactionReturnType> {
  const { signer } = params;
  const { transaction, body } = params.transaction;
  if (signer.type !== transaction.keyType || !equalBytes(signer.publicKey, transaction.publicKey)) {
    throw new InvalidParameterError(
      "signer",
      "it is not the key of the transaction's signer; sign with the key whose public half built it",
    );
  }
  const signature = await signer.sign({ chainId: client.chainId, purpose: "tx", payload: body });
  if (!(signature instanceof Uint8Array) || signature.length !== ledgerSignatureBytes) {
    throw new InvalidParameterError(
      "signer",
      `it returned ${signature instanceof Uint8Array ? `${signature.length} bytes` : "no bytes"}; a signature is ${ledgerSignatureBytes}`,
    );
  }
  const bytes = new Uint8Array(body.length + signature.length);
  bytes.set(body, 0);
  bytes.set(signature, body.length);
  return { bytes, hash: transactionHash(body), signature };
}

// ---- submitTransaction ------------------------------------------------------------------------

export interface SubmitTransactionParameters {
  /** Signed bytes, their hex, or what signTransaction returned. */
  readonly transaction: Uint8Array | string | { readonly bytes: Uint8Array };
}

/** Admitted (`accepted`), already waiting (`known`) or already in a block (`committed`). */
export type SubmitTransactionReturnType = Extract<
  SubmitResult,
  { status: "accepted" | "known" | "committed" }
>;

export type SubmitTransactionErrorType =
  TransactionRejectedError | MempoolFullError | RateLimitedError | ApiError | HttpRequestError;

function hexOfTransaction(transaction: SubmitTransactionParameters["transaction"]): string {
  if (typeof transaction === "string") return transaction;
  return bytesToHex(transaction instanceof Uint8Array ? transaction : transaction.bytes);
}

/**
 * Submits one signed transaction. Resubmitting is safe: the same transaction answers `known`
 * or `committed`, never a second payment.
 * @throws TransactionRejectedError (with codeName), MempoolFullError (with retryAfterMs).
 */
export async function submitTransaction(
  client: Client,
  params: SubmitTransactionParameters,
): Promise<SubmitTransactionReturnType> {
  const answer = await request(client, routes.submitTransactions, {
    body: { transaction: hexOfTransaction(params.transaction) },
  });
  return answer as SubmitTransactionReturnType;
}

export interface SubmitTransactionsParameters {
  /** Signed transactions, in order; at most BATCH_ITEMS_MAX per call. */
  readonly transactions: readonly (Uint8Array | { readonly bytes: Uint8Array })[];
}
export type SubmitTransactionsReturnType = readonly SubmitResult[];
export type SubmitTransactionsErrorType = RateLimitedError | ApiError | HttpRequestError;

/** Submits many in one binary batch; each transaction has its own result, in order. */
export async function submitTransactions(
  client: Client,
  params: SubmitTransactionsParameters,
): Promise<SubmitTransactionsReturnType> {
  if (params.transactions.length > apiLimits.BATCH_ITEMS_MAX) {
    throw new InvalidParameterError(
      "transactions",
      `at most ${apiLimits.BATCH_ITEMS_MAX} per batch; split them`,
    );
  }
  const items = params.transactions.map((t) => (t instanceof Uint8Array ? t : t.bytes));
  const answer = await request(client, routes.submitBatch, { body: encodeBatch(items) });
  return answer.results;
}

// ---- waitForTransaction ---------------------------------------------------------------------

export interface WaitForTransactionParameters {
  readonly hash: string;
  /** Give up after this long; 30 s by default (a block comes about every second). */
  readonly timeoutMs?: number;
  /** How often to ask; 250 ms by default. */
  readonly pollIntervalMs?: number;
}

/** The committed transaction: its block, result code and receipt proof (failed ones too). */
export type WaitForTransactionReturnType = TransactionCommittedView;
export type WaitForTransactionErrorType =
  WaitForTransactionTimeoutError | TransactionDroppedError | ApiError | HttpRequestError;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the transaction is committed and returns its result, whatever the code (a failed
 * transaction is final too; `pay` turns failures into errors).
 */
export async function waitForTransaction(
  client: Client,
  params: WaitForTransactionParameters,
): Promise<WaitForTransactionReturnType> {
  const timeoutMs = params.timeoutMs ?? 30_000;
  const pollIntervalMs = params.pollIntervalMs ?? 250;
  // Elapsed time, not the client's clock: that one dates transactions and may be set by a test.
  const deadline = performance.now() + timeoutMs;
  let seenPending = false;
  for (;;) {
    try {
      const view = await getTransaction(client, { hash: params.hash });
      if (view.status === "committed") return view;
      seenPending = true;
    } catch (error) {
      if (!(error instanceof TransactionNotFoundError)) throw error;
      // Not (yet) known here is normal right after submitting elsewhere; known and then gone is not.
      if (seenPending) throw new TransactionDroppedError(params.hash);
    }
    if (performance.now() >= deadline)
      throw new WaitForTransactionTimeoutError(params.hash, timeoutMs);
    await sleep(Math.min(pollIntervalMs, Math.max(1, deadline - performance.now())));
  }
}

// ---- pay ------------------------------------------------------------------------------------

export interface PayParameters {
  /** The payer's key: nobleSigner in a browser, keySigner in Node. */
  readonly signer: Signer;
  readonly to: string;
  readonly amount: string;
  readonly currency: string;
  readonly reference?: string;
  readonly memoHash?: string;
  readonly id?: string;
  readonly validForMs?: number;
  /** How long to wait for the block; see waitForTransaction. */
  readonly timeoutMs?: number;
  readonly pollIntervalMs?: number;
  /** Told the transaction's hash just before it is submitted (see OnSigned). */
  readonly onSigned?: OnSigned;
}

export type PayReturnType = TransactionCommittedView & { readonly codeName: "ok" };
export type PayErrorType =
  | InsufficientFundsError
  | TransactionFailedError
  | BuildTransferErrorType
  | SubmitTransactionErrorType
  | WaitForTransactionErrorType
  | AccountNotFoundError;

function balanceOf(account: { balances: readonly Money[] }, currency: string): string | undefined {
  return account.balances.find((b) => b.currency === currency)?.amount;
}

/**
 * Builds, signs, submits and waits for a transfer; resolves when it is committed successfully.
 * Checks the payer's balance first, so an obvious overdraft costs no round trip through a block.
 * @example
 * await pay(client, { signer, to: merchant, amount: "12.50", currency: "HKD", reference });
 * @throws InsufficientFundsError, TransactionFailedError (committed with another failure code),
 *   TransactionRejectedError, MempoolFullError, WaitForTransactionTimeoutError.
 */
export async function pay(client: Client, params: PayParameters): Promise<PayReturnType> {
  const { signer } = params;
  const built = await buildTransfer(client, {
    from: signer,
    to: params.to,
    amount: params.amount,
    currency: params.currency,
    ...(params.reference === undefined ? {} : { reference: params.reference }),
    ...(params.memoHash === undefined ? {} : { memoHash: params.memoHash }),
    ...(params.id === undefined ? {} : { id: params.id }),
    ...(params.validForMs === undefined ? {} : { validForMs: params.validForMs }),
  });
  const payer = await getAccount(client, { id: built.from });
  const zero = formatAmount(0n, built.minorUnits);
  const available = balanceOf(payer, params.currency) ?? zero;
  if (parseAmount(available, built.minorUnits) < built.amountMinor) {
    throw new InsufficientFundsError({
      amount: built.amount.amount,
      available,
      currency: params.currency,
    });
  }
  const signed = await signTransaction(client, { transaction: built, signer });
  announceSigned(params.onSigned, built, signed.hash);
  await submitTransaction(client, { transaction: signed });
  const committed = await waitForTransaction(client, {
    hash: signed.hash,
    ...(params.timeoutMs === undefined ? {} : { timeoutMs: params.timeoutMs }),
    ...(params.pollIntervalMs === undefined ? {} : { pollIntervalMs: params.pollIntervalMs }),
  });
  if (committed.codeName === "ok") return committed as PayReturnType;
  if (committed.codeName === "insufficient_funds") {
    const now = await getAccount(client, { id: built.from });
    throw new InsufficientFundsError({
      amount: built.amount.amount,
      available: balanceOf(now, params.currency) ?? zero,
      currency: params.currency,
      committed: { hash: committed.hash, height: committed.height },
    });
  }
  throw failureError(committed, { reference: params.reference });
}
