/**
 * What admission answers. The gateway turns each status into an HTTP answer, so every variant
 * carries a `message` written for the submitter: what happened and what to do about it.
 */
import type { ResultCode } from "@tongbao/ledger";
import type { Hash } from "@tongbao/types";

/** A ledger result code's name, e.g. "transaction_expired". */
export type LedgerCodeName = keyof typeof ResultCode;

/**
 * Why a transaction was refused for good: a ledger result code's name, or one of the two
 * refusals only admission makes (bytes that do not decode, a signature that does not verify).
 */
export type RejectionCode = "malformed_encoding" | "signature_invalid" | LedgerCodeName;

/** Why the pool cannot take a transaction now although nothing is wrong with it. */
export type BusyCode = "mempool_full" | "signer_pending_max";

export type AdmitResult =
  /** New to the pool: signature verified, will be gossiped and proposed. */
  | { readonly status: "accepted"; readonly hash: Hash; readonly message: string }
  /** The same transaction (same body, hence same hash) is already waiting in the pool. */
  | { readonly status: "known"; readonly hash: Hash; readonly message: string }
  /**
   * The same transaction is already in a committed block: its first and only result. The ledger
   * remembers it until its validUntil passes.
   */
  | {
      readonly status: "committed";
      readonly hash: Hash;
      readonly height: number;
      readonly index: number;
      readonly code: LedgerCodeName;
      readonly message: string;
    }
  /** Refused; resubmitting the same bytes will be refused again. */
  | {
      readonly status: "rejected";
      readonly code: RejectionCode;
      /** Present when the bytes decoded far enough to name the transaction. */
      readonly hash?: Hash;
      /** Present when one operation is at fault. */
      readonly operationIndex?: number;
      readonly message: string;
    }
  /** Refused for now because of the ledger's state; the same bytes may succeed later. */
  | {
      readonly status: "retry";
      readonly code: "signer_account_not_found";
      readonly hash: Hash;
      readonly retryAfterMs: number;
      readonly message: string;
    }
  /** The pool (or this signer's share of it) is full; nothing changed. Back-pressure. */
  | {
      readonly status: "busy";
      readonly code: BusyCode;
      readonly retryAfterMs: number;
      readonly message: string;
    };

export type AdmitStatus = AdmitResult["status"];
