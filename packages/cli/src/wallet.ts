/**
 * Signing payments with key files, as a wallet or a bank's back office would: the canonical
 * transaction body signed under the chain id with purpose "tx" (docs/spec/encoding.md).
 */
import {
  KeyType,
  sign,
  signingKeyFromKeyPair,
  type KeyPair,
  type SigningKey,
} from "@tongbao/crypto";
import {
  encodeSignedTransaction,
  encodeTransaction,
  toSignedTransaction,
  type Operation,
  type SignedTransaction,
} from "@tongbao/ledger";
import type { AccountId, Amount, ClientId, CurrencyCode, TimestampMs } from "@tongbao/types";
import { randomBytes } from "node:crypto";

/** How long a payment stays valid by default: long enough for any retry, short for the ledger. */
export const VALID_FOR_MS_DEFAULT = 10 * 60 * 1000;

export class Signer {
  private readonly key: SigningKey;

  constructor(
    readonly chainId: string,
    readonly keyPair: KeyPair,
  ) {
    this.key = signingKeyFromKeyPair(keyPair);
  }

  get accountId(): AccountId {
    return this.keyPair.accountId;
  }

  /** Signs `operations` as one transaction with a fresh random id. */
  sign(
    operations: readonly Operation[],
    options: { id?: ClientId; validUntilMs?: number } = {},
  ): SignedTransaction {
    const tx = {
      version: 1,
      keyType: this.keyPair.type === KeyType.P256 ? KeyType.P256 : KeyType.Ed25519,
      publicKey: this.keyPair.publicKey,
      id: options.id ?? (randomBytes(16).toString("hex") as ClientId),
      validUntilMs: (options.validUntilMs ?? Date.now() + VALID_FOR_MS_DEFAULT) as TimestampMs,
      operations: [...operations],
    };
    const body = encodeTransaction(tx);
    const signature = sign(this.key, { chainId: this.chainId, purpose: "tx", payload: body });
    return toSignedTransaction(tx, body, signature);
  }

  /** An encoded signed transfer of `amountMinor` minor units of `currency` to `to`. */
  transfer(
    to: AccountId,
    currency: string,
    amountMinor: bigint,
    options: { id?: ClientId; validUntilMs?: number } = {},
  ): { bytes: Uint8Array; signed: SignedTransaction } {
    const op: Operation = {
      kind: "transfer",
      to,
      currency: currency as CurrencyCode,
      amount: amountMinor as Amount,
    };
    const signed = this.sign([op], options);
    return { bytes: encodeSignedTransaction(signed), signed };
  }
}
