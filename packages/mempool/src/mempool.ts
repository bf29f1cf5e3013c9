/**
 * The mempool: admission of signed transactions, a bounded set of those waiting for a block, and
 * fair selection of them for a proposal.
 *
 * Admission runs the cheap checks first and the signature last, so that refused and duplicate
 * submissions cost a decode and a few map lookups, never a signature verification:
 *   decode → already pending? → stateless validation → includable in the committed state? →
 *   same id pending with another body? → room in the pool and the signer's share? → signature.
 * Every transaction in the pool has had its signature verified exactly once, here.
 */
import { DecodeError } from "@tongbao/codec";
import {
  ResultCode,
  checkIncludable,
  decodeSignedTransaction,
  limits as ledgerLimits,
  validateTransaction,
  type LedgerState,
  type SignedTransaction,
} from "@tongbao/ledger";
import { assert, equalBytes, maybe } from "@tongbao/std";
import type { AccountId, Hash } from "@tongbao/types";
import type { AdmitResult, LedgerCodeName } from "./admit-result.ts";
import {
  ADMIT_BATCH_ITEMS_MAX,
  CAPACITY_BYTES_DEFAULT,
  CAPACITY_BYTES_MAX,
  CAPACITY_TXS_DEFAULT,
  CAPACITY_TXS_MAX,
  PER_SIGNER_MAX_DEFAULT,
  RETRY_AFTER_MS_DEFAULT,
  RETRY_AFTER_MS_MAX,
} from "./constants.ts";
import * as messages from "./messages.ts";
import { selectRoundRobin } from "./round-robin.ts";

export interface MempoolOptions {
  /** The chain this pool admits for; must equal the ledger state's chain id. */
  readonly chainId: string;
  /** Transactions held at most. Default CAPACITY_TXS_DEFAULT. */
  readonly capacityTxs?: number;
  /** Encoded bytes (body + signature) held at most. Default CAPACITY_BYTES_DEFAULT. */
  readonly capacityBytes?: number;
  /** Transactions one signer may have waiting. Default PER_SIGNER_MAX_DEFAULT. */
  readonly perSignerMax?: number;
  /** What busy and retry answers ask a client to wait. Default RETRY_AFTER_MS_DEFAULT. */
  readonly retryAfterMs?: number;
}

export interface MempoolPorts {
  /**
   * True only if `signed.signature` is the signer's signature over `signed.body` for this
   * chain with purpose "tx". Returns false (never throws) for a bad key or signature.
   */
  verifySignature(signed: SignedTransaction): boolean;
  /** Called once for each newly admitted transaction, after it is in the pool: gossip it. */
  onAdmitted?(signed: SignedTransaction): void;
}

/** The committed ledger state and the time to judge against. */
export interface LedgerView {
  readonly state: LedgerState;
  /** Admission and recheck: the node's clock. take: the proposed block's timestamp. */
  readonly nowMs: number;
}

export interface TakeLimits {
  /** At most TRANSACTIONS_PER_BLOCK_MAX. */
  readonly maxTxs: number;
  /** Encoded bytes (body + signature) of the returned transactions together. */
  readonly maxBytes: number;
}

/** A transaction that recheck removed because it can never be included. */
export interface Eviction {
  readonly signed: SignedTransaction;
  readonly code: "transaction_expired" | "transaction_duplicate";
}

interface Entry {
  readonly signed: SignedTransaction;
  /** Encoded size: what the capacity in bytes counts. */
  readonly encodedBytes: number;
  /** Arrival order in this pool; orders signers in take. */
  readonly sequence: number;
}

function encodedBytes(signed: SignedTransaction): number {
  return signed.body.length + signed.signature.length;
}

function boundedInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name}: expected an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

export class Mempool {
  readonly chainId: string;
  readonly capacityTxs: number;
  readonly capacityBytes: number;
  readonly perSignerMax: number;
  readonly retryAfterMs: number;

  /** Every pooled transaction, in arrival order (Maps iterate in insertion order). */
  private readonly byHash = new Map<Hash, Entry>();
  /** By (signer, id), `SignedTransaction.key`: what the ledger treats as one transaction. */
  private readonly byId = new Map<string, Entry>();
  /** Each signer's transactions in arrival order; a signer with none has no entry. */
  private readonly bySigner = new Map<AccountId, Map<Hash, Entry>>();
  private totalBytes = 0;
  private nextSequence = 0;

  constructor(
    options: MempoolOptions,
    private readonly ports: MempoolPorts,
  ) {
    if (typeof options.chainId !== "string" || options.chainId.length === 0) {
      throw new TypeError('chainId: expected the chain\'s name, e.g. "tongbao-devnet-1"');
    }
    this.chainId = options.chainId;
    this.capacityTxs = boundedInteger(
      "capacityTxs",
      options.capacityTxs ?? CAPACITY_TXS_DEFAULT,
      1,
      CAPACITY_TXS_MAX,
    );
    // Room for at least one transaction of the largest size, or such a transaction could never
    // be admitted even into an empty pool.
    this.capacityBytes = boundedInteger(
      "capacityBytes",
      options.capacityBytes ?? CAPACITY_BYTES_DEFAULT,
      ledgerLimits.TRANSACTION_BYTES_MAX,
      CAPACITY_BYTES_MAX,
    );
    this.perSignerMax = boundedInteger(
      "perSignerMax",
      options.perSignerMax ?? Math.min(PER_SIGNER_MAX_DEFAULT, this.capacityTxs),
      1,
      this.capacityTxs,
    );
    this.retryAfterMs = boundedInteger(
      "retryAfterMs",
      options.retryAfterMs ?? RETRY_AFTER_MS_DEFAULT,
      1,
      RETRY_AFTER_MS_MAX,
    );
  }

  get size(): number {
    return this.byHash.size;
  }

  /** Encoded bytes held. */
  get bytes(): number {
    return this.totalBytes;
  }

  has(hash: Hash): boolean {
    return this.byHash.has(hash);
  }

  get(hash: Hash): SignedTransaction | undefined {
    return this.byHash.get(hash)?.signed;
  }

  /** Every pooled transaction in arrival order, e.g. to resend the pool to a reconnected peer. */
  *transactions(): IterableIterator<SignedTransaction> {
    for (const entry of this.byHash.values()) yield entry.signed;
  }

  /**
   * True if this pool verified exactly this body and signature, so block validation may skip
   * verifying it again. The signature is compared too: the hash covers only the body, and a
   * proposer could pair an admitted body with a signature that does not verify.
   */
  wasVerified(hash: Hash, signature: Uint8Array): boolean {
    const entry = this.byHash.get(hash);
    return entry !== undefined && equalBytes(entry.signed.signature, signature);
  }

  /**
   * Admits one signed transaction, encoded or as the node already decoded it (decoding costs two
   * hashes, so the runtime decodes once); see the file comment for the order of checks.
   */
  admit(item: Uint8Array | SignedTransaction, view: LedgerView): AdmitResult {
    if (!(item instanceof Uint8Array) && (typeof item !== "object" || item === null)) {
      throw new TypeError("admit: expected the encoded bytes or a decoded transaction");
    }
    this.checkView(view);
    // A speculative block may be reverted: answering "committed" from it would be a lie.
    assert(!view.state.blockInProgress, "admission reads the committed state");
    let signed: SignedTransaction;
    if (item instanceof Uint8Array) {
      try {
        signed = decodeSignedTransaction(item);
      } catch (error) {
        if (!(error instanceof DecodeError)) throw error;
        const message = messages.malformedEncodingMessage(error);
        return { status: "rejected", code: "malformed_encoding", message };
      }
    } else {
      signed = item;
    }
    if (this.byHash.has(signed.hash)) {
      return { status: "known", hash: signed.hash, message: messages.KNOWN_MESSAGE };
    }
    const refusal = this.refuse(signed, view) ?? this.noRoom(signed);
    if (refusal !== undefined) return refusal;
    if (!this.ports.verifySignature(signed)) {
      const message = messages.signatureInvalidMessage(this.chainId);
      return { status: "rejected", code: "signature_invalid", hash: signed.hash, message };
    }
    this.insert(signed);
    this.ports.onAdmitted?.(signed);
    return { status: "accepted", hash: signed.hash, message: messages.ACCEPTED_MESSAGE };
  }

  /**
   * Admits each item in order against one view, as the binary batch endpoint does; an item sees
   * the items before it (a repeat within the batch is "known"). At most ADMIT_BATCH_ITEMS_MAX.
   */
  admitBatch(items: readonly (Uint8Array | SignedTransaction)[], view: LedgerView): AdmitResult[] {
    if (items.length > ADMIT_BATCH_ITEMS_MAX) {
      throw new RangeError(
        `admitBatch: ${items.length} items; at most ${ADMIT_BATCH_ITEMS_MAX} per batch — split it`,
      );
    }
    return items.map((item) => this.admit(item, view));
  }

  /**
   * Transactions for a block proposal at time `view.nowMs` (the block's timestamp) on the
   * committed state `view.state`, in round-robin order across signers (see selectRoundRobin).
   * Nothing is removed: the proposal may lose, and only a commit (removeCommitted) takes
   * transactions out. Transactions that the block could not include at that time are skipped,
   * so the returned list is always a valid block for the ledger.
   */
  take(limits: TakeLimits, view: LedgerView): SignedTransaction[] {
    const maxTxs = boundedInteger(
      "maxTxs",
      limits.maxTxs,
      0,
      ledgerLimits.TRANSACTIONS_PER_BLOCK_MAX,
    );
    const maxBytes = boundedInteger("maxBytes", limits.maxBytes, 0, Number.MAX_SAFE_INTEGER);
    this.checkView(view);
    assert(!view.state.blockInProgress, "a proposal builds on the committed state");
    assert(view.nowMs > view.state.lastTimestampMs, "a block's time is after its parent's");
    const queues = [...this.bySigner.values()].map((queue) => queue.values());
    const includable = (entry: Entry) =>
      checkIncludable(view.state, entry.signed, view.nowMs) === ResultCode.ok;
    const taken = selectRoundRobin(queues, { maxTxs, maxBytes }, includable);
    assert(taken.length <= maxTxs, "took more transactions than asked");
    return taken.map((entry) => entry.signed);
  }

  /**
   * Removes the transactions of a committed block. A signed transaction also removes a pooled
   * transaction with the same (signer, id) and another body: the id is spent. Returns how many
   * were removed; transactions this pool never held are ignored.
   */
  removeCommitted(committed: Iterable<Hash | SignedTransaction>): number {
    let removed = 0;
    for (const item of committed) {
      const entry = typeof item === "string" ? this.byHash.get(item) : this.byId.get(item.key);
      if (entry === undefined) continue;
      this.remove(entry);
      removed++;
    }
    return removed;
  }

  /**
   * After a commit: evicts what can never be included now — expired, or (signer, id) already
   * committed. Runs only checkIncludable per transaction; signatures and stateless validity
   * cannot change. A transaction that is itself committed is removed without an eviction record
   * (its receipt reports it). Not evicted: a deadline still too far ahead (it comes within the
   * window as time passes) and an unknown signer (its account may yet be opened).
   */
  recheck(view: LedgerView): Eviction[] {
    this.checkView(view);
    assert(!view.state.blockInProgress, "recheck against the committed state");
    const evicted: Eviction[] = [];
    for (const entry of this.byHash.values()) {
      const code = checkIncludable(view.state, entry.signed, view.nowMs);
      if (code === ResultCode.transaction_expired) {
        evicted.push({ signed: entry.signed, code: "transaction_expired" });
      } else if (code === ResultCode.transaction_duplicate) {
        const committed =
          view.state.seenTransaction(entry.signed.key, view.nowMs)?.hash === entry.signed.hash;
        if (!committed) evicted.push({ signed: entry.signed, code: "transaction_duplicate" });
      } else {
        maybe(code !== ResultCode.ok);
        continue;
      }
      // Deleting the current entry while iterating a Map is defined: iteration goes on.
      this.remove(entry);
    }
    return evicted;
  }

  /** The refusals decided by the transaction and the committed state, before any signature. */
  private refuse(signed: SignedTransaction, view: LedgerView): AdmitResult | undefined {
    const { hash } = signed;
    const validation = validateTransaction(signed);
    if (validation.code !== ResultCode.ok) {
      const { code, operationIndex } = validation;
      const message = messages.validationMessage(code, operationIndex);
      return operationIndex === undefined
        ? { status: "rejected", code: codeName(code), hash, message }
        : { status: "rejected", code: codeName(code), hash, operationIndex, message };
    }
    const code = checkIncludable(view.state, signed, view.nowMs);
    if (code === ResultCode.transaction_duplicate) return this.committedAnswer(signed, view);
    if (code === ResultCode.signer_account_not_found) {
      // The account may be opened by a transaction that is itself still waiting for a block.
      const message = messages.notIncludableMessage(code, signed, view.nowMs);
      return {
        status: "retry",
        code: "signer_account_not_found",
        hash,
        retryAfterMs: this.retryAfterMs,
        message,
      };
    }
    if (code !== ResultCode.ok) {
      const message = messages.notIncludableMessage(code, signed, view.nowMs);
      return { status: "rejected", code: codeName(code), hash, message };
    }
    const pending = this.byId.get(signed.key);
    if (pending !== undefined) {
      const message = messages.pendingDuplicateMessage(signed, pending.signed.hash);
      return { status: "rejected", code: "transaction_duplicate", hash, message };
    }
    return undefined;
  }

  /** (signer, id) is in the committed state: the first result if it is this transaction. */
  private committedAnswer(signed: SignedTransaction, view: LedgerView): AdmitResult {
    const seen = view.state.seenTransaction(signed.key, view.nowMs);
    assert(seen !== undefined, "checkIncludable reported a duplicate the state does not hold");
    if (seen.hash !== signed.hash) {
      const message = messages.committedDuplicateMessage(signed, seen.hash);
      return { status: "rejected", code: "transaction_duplicate", hash: signed.hash, message };
    }
    return {
      status: "committed",
      hash: signed.hash,
      height: seen.height,
      index: seen.index,
      code: codeName(seen.code),
      message: messages.committedMessage(seen.height, seen.code),
    };
  }

  /** A busy answer if the pool or the signer's share of it cannot take `signed`. */
  private noRoom(signed: SignedTransaction): AdmitResult | undefined {
    const retryAfterMs = this.retryAfterMs;
    if (
      this.byHash.size >= this.capacityTxs ||
      this.totalBytes + encodedBytes(signed) > this.capacityBytes
    ) {
      return {
        status: "busy",
        code: "mempool_full",
        retryAfterMs,
        message: messages.fullMessage(retryAfterMs),
      };
    }
    const queued = this.bySigner.get(signed.signer)?.size ?? 0;
    if (queued >= this.perSignerMax) {
      const message = messages.signerFullMessage(signed.signer, this.perSignerMax, retryAfterMs);
      return { status: "busy", code: "signer_pending_max", retryAfterMs, message };
    }
    return undefined;
  }

  private insert(signed: SignedTransaction): void {
    const entry: Entry = {
      signed,
      encodedBytes: encodedBytes(signed),
      sequence: this.nextSequence++,
    };
    assert(!this.byHash.has(signed.hash) && !this.byId.has(signed.key), "inserting a duplicate");
    this.byHash.set(signed.hash, entry);
    this.byId.set(signed.key, entry);
    let queue = this.bySigner.get(signed.signer);
    if (queue === undefined) {
      queue = new Map();
      this.bySigner.set(signed.signer, queue);
    }
    queue.set(signed.hash, entry);
    this.totalBytes += entry.encodedBytes;
    this.checkBounds();
  }

  private remove(entry: Entry): void {
    const { signed } = entry;
    assert(this.byHash.get(signed.hash) === entry, "removing a transaction that is not pooled");
    this.byHash.delete(signed.hash);
    this.byId.delete(signed.key);
    const queue = this.bySigner.get(signed.signer);
    assert(queue !== undefined && queue.delete(signed.hash), "signer queue out of step");
    if (queue.size === 0) this.bySigner.delete(signed.signer);
    this.totalBytes -= entry.encodedBytes;
    this.checkBounds();
  }

  /** Cheap (constant-time) consistency checks after every change. */
  private checkBounds(): void {
    assert(this.byHash.size === this.byId.size, "one entry per hash and per (signer, id)");
    assert(this.byHash.size <= this.capacityTxs, "pool above capacityTxs");
    assert(
      this.totalBytes >= 0 && this.totalBytes <= this.capacityBytes,
      "pool bytes out of bounds",
    );
    assert(this.bySigner.size <= this.byHash.size, "a signer queue without transactions");
  }

  private checkView(view: LedgerView): void {
    assert(view.state.chainId === this.chainId, "ledger view is of another chain");
    assert(Number.isSafeInteger(view.nowMs) && view.nowMs >= 0, "view time must be integer ms");
  }
}

function codeName(code: ResultCode): LedgerCodeName {
  const name = ResultCode[code];
  assert(name !== undefined, `unknown ledger result code ${code}`);
  return name as LedgerCodeName;
}
