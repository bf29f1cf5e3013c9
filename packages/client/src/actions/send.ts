/**
 * Sign, submit, wait: the last three steps every action that changes the ledger shares once it
 * has built its transaction. A failure code becomes the SDK error that names it (failureError).
 */
import type { TransactionCommittedView } from "@tongbao/api";
import type { Client } from "../client.ts";
import type { Signer } from "../signer.ts";
import { failureError } from "../errors.ts";
import type { BuiltTransaction } from "./build.ts";
import { announceSigned, type OnSigned } from "./on-signed.ts";
import { signTransaction, submitTransaction, waitForTransaction } from "./transactions.ts";

export interface SendParameters {
  readonly transaction: BuiltTransaction;
  /** The signer: nobleSigner in a browser, keySigner in Node, or your own Signer. */
  readonly signer: Signer;
  readonly timeoutMs?: number | undefined;
  readonly pollIntervalMs?: number | undefined;
  /** Facts for the error of a failure, e.g. the reference a payment or refund named. */
  readonly reference?: string | undefined;
  /** Told the transaction's hash just before it is submitted (see OnSigned). */
  readonly onSigned?: OnSigned | undefined;
}

/** A transaction committed with code 0. */
export type Succeeded = TransactionCommittedView & { readonly codeName: "ok" };

export async function sendAndWait(client: Client, params: SendParameters): Promise<Succeeded> {
  const signed = await signTransaction(client, {
    transaction: params.transaction,
    signer: params.signer,
  });
  announceSigned(params.onSigned, params.transaction, signed.hash);
  await submitTransaction(client, { transaction: signed });
  const committed = await waitForTransaction(client, {
    hash: signed.hash,
    ...(params.timeoutMs === undefined ? {} : { timeoutMs: params.timeoutMs }),
    ...(params.pollIntervalMs === undefined ? {} : { pollIntervalMs: params.pollIntervalMs }),
  });
  if (committed.codeName === "ok") return committed as Succeeded;
  throw failureError(committed, { reference: params.reference });
}
