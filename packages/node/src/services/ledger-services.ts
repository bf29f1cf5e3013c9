/**
 * LedgerServices: what the public API serves (the ApiServices port of @tongbao/api), over the
 * node's committed ledger state, its mempool and its block store.
 *
 * Reads and admission see committed state only. A validator executes a proposal in place before
 * it is decided (LedgerApplication), so while `state.blockInProgress` the services wait — briefly,
 * then answer node_busy — instead of reporting balances of a block that may yet be reverted.
 *
 * The runtime calls `onCommitted` after each block commits (from LedgerApplication's onCommitted,
 * with the block's header and id). That call prunes the mempool, indexes the block's receipts,
 * transactions, account activity, payment references and closed requests in bounded memory
 * (constants.ts), updates the metrics and queues events for subscribers. It does not wait for the
 * block store: the newest blocks are served from memory, older ones from the store.
 */
import {
  ServiceError,
  type AccountHistoryOptions,
  type AccountHistoryView,
  type AccountRequestsView,
  type PaymentView,
  type RequestLookup,
  type AccountView,
  type ApiServices,
  type BlockEvent,
  type BlockView,
  type CurrenciesView,
  type InstitutionsView,
  type Iso20022Type,
  type OffersFilter,
  type OffersView,
  type QuoteRequest,
  type QuoteView,
  type Readiness,
  type ReferenceEvent,
  type StatusView,
  type SubmitResult,
  type SubscribeResult,
  type SubscriptionListener,
  type Topic,
  type TransactionLookup,
  type TravelRuleReader,
} from "@tongbao/api";
import type { TravelRuleData } from "@tongbao/travel-rule";
import { DecodeError, accountIdFromPublicKey } from "@tongbao/codec";
import { decodeCommittedBlock, type BlockHeader } from "@tongbao/consensus";
import {
  ResultCode,
  computeStateRoots,
  decodeSignedTransaction,
  resultGroup,
  resultName,
  validateTransaction,
  type ClosedRequest,
  type LedgerState,
  type SettledRemittance,
  type SignedTransaction,
} from "@tongbao/ledger";
import type { TransferFeeView } from "@tongbao/api";
import type { AdmitResult, LedgerView, Mempool } from "@tongbao/mempool";
import type { BlockStore } from "@tongbao/storage";
import { assert, bytesToHex } from "@tongbao/std";
import { isCurrencyCode, type Height } from "@tongbao/types";
import { decodeBlockPayload } from "../app/block-payload.ts";
import { genesisAppHash, type CommittedExecution } from "../app/ledger-application.ts";
import { AccountHistory, type Positioned } from "./account-history.ts";
import { ClosedRequests } from "./closed-requests.ts";
import { accountRequestsView, paymentView, requestView } from "./payment-views.ts";
import { referenceEvents } from "./reference-events.ts";
import { UNKNOWN_NAME, remittanceMessage, type RemittanceRecord } from "./iso20022-export.ts";
import { partiesFromTravelRule } from "./iso20022-parties.ts";
import {
  refuseMissingEnvelopes,
  refuseRemittance,
  type EnvelopeDemand,
  type TravelRuleEnvelopeCheck,
} from "./remit-admission.ts";
import { indicativeQuote, offersView, quoteView, remittanceView } from "./remit-views.ts";
import {
  COMMITTED_STATE_POLL_MS,
  COMMITTED_STATE_WAIT_MS_MAX,
  HISTORY_BYTES_MAX,
  HISTORY_ENTRIES_MAX,
  HISTORY_PER_ACCOUNT_MAX,
  NODE_BUSY_RETRY_AFTER_MS,
  PENDINGS_TRACKED_MAX,
  RECENT_BLOCKS_MAX,
  REFERENCES_MAX,
  REQUESTS_CLOSED_MAX,
  SUBSCRIBERS_MAX,
  SUBSCRIBER_QUEUE_MAX,
  TX_INDEX_MAX,
} from "./constants.ts";
import { NodeMetrics } from "./metrics.ts";
import { transferFeeView } from "./fee-view.ts";
import { SubscriberRegistry } from "./subscribers.ts";
import {
  accountView,
  encodeReceiptsBytes,
  expiredEntry,
  failedOperation,
  institutionView,
  isoTime,
  money,
  receiptAt,
  receiptCount,
  receiptLeaves,
  receiptProofView,
  receiptsRootOf,
  requestExpiredEntry,
  submitResultOf,
  transactionEntry,
  type ClosedLookup,
} from "./views.ts";

/** Wall-clock time, for admission (expiry) and commit latency. */
export interface Clock {
  nowMs(): number;
}

/** What this node knows of one validator, supplied by the runtime. */
export interface ValidatorHealth {
  readonly index: number;
  readonly name: string;
  readonly publicKey: Uint8Array;
  readonly votingPower: number;
  readonly self: boolean;
  readonly connected: boolean;
  readonly lastSeenMs?: number;
}

/** The runtime's view of the node's health: links to validators and readiness to serve. */
export interface NodeHealth {
  /** Which node this is: its name, role (validator or observer) and institution. */
  node?(): {
    readonly name: string;
    readonly role: "validator" | "observer";
    readonly institution: string;
  };
  validators(): readonly ValidatorHealth[];
  /** Not ready while starting, replaying or catching up, with the reason. */
  readiness(): Readiness;
}

/** A committed block as the runtime reports it: the execution plus the decided header. */
export interface CommittedBlockInfo extends CommittedExecution {
  readonly blockId: Uint8Array;
  readonly header: BlockHeader;
}

export interface LedgerServicesOptions {
  readonly chainId: string;
  /** How long a request waits for committed state; COMMITTED_STATE_WAIT_MS_MAX by default. */
  readonly committedStateWaitMs?: number;
  /** Institution id → X25519 travel-rule public key (genesis), served with the institutions. */
  readonly travelRuleKeys?: ReadonlyMap<string, Uint8Array>;
  /** Institution id → compressed SM2 travel-rule public key (genesis), served likewise. */
  readonly travelRuleSm2Keys?: ReadonlyMap<string, Uint8Array>;
}

export interface LedgerServicesPorts {
  readonly state: LedgerState;
  readonly mempool: Mempool;
  readonly blocks: BlockStore;
  readonly clock: Clock;
  readonly health?: NodeHealth;
  /**
   * The runtime's admission (ValidatorNode.submitBatch): signatures checked in slices, admitted
   * through its committed-state gate and gossiped to the other validators. Without it the
   * services admit straight into `mempool` (single-process tests; nobody else hears of the tx).
   */
  readonly admit?: (
    transactions: readonly (Uint8Array | SignedTransaction)[],
  ) => Promise<AdmitResult[]>;
  /**
   * True when the runtime already prunes and rechecks the mempool as each block commits (as
   * ValidatorNode does, before the next proposal is built): onCommitted then leaves it alone.
   */
  readonly runtimePrunesMempool?: boolean;
  /**
   * The travel-rule store's check of a remit's envelope (remit-admission.ts); without it a
   * remit's travel-rule hash is not checked at this gateway (the ledger needs only the hash).
   */
  readonly travelRule?: TravelRuleEnvelopeCheck;
  /**
   * The node's signature check (cached, so admission does not check again). A remit's envelope
   * may have to be pulled from the peers: only a transaction whose signature verifies may make
   * this node ask them. Without it, the envelope is checked first.
   */
  readonly verifySignature?: (signed: SignedTransaction) => boolean;
  /**
   * The runtime's early signature check (NodeAccess.preverify): a submitted batch's signatures
   * are checked as it arrives, without waiting for the block in progress, so that its admission
   * after that block has only the cheap checks left. Without it they are checked at admission.
   */
  readonly preverify?: (transactions: readonly SignedTransaction[]) => Promise<void>;
  /**
   * The runtime's busy answers for a batch of `count` its admission backlog cannot take
   * (NodeAccess.admissionBusy): the batch is refused before it is decoded. Without it, busy is
   * answered by admission.
   */
  readonly admissionBusy?: (count: number) => AdmitResult[] | undefined;
  /**
   * Settles once no committed block is still waiting for its durable write (and so for this
   * index): the runtime drops a block's transactions from the mempool when it executes it, but
   * indexes the block only once it is on disk, and a lookup between the two would find the
   * transaction neither pending nor committed. Undefined when no block is being written; without
   * the port, commits are synchronous.
   */
  readonly stored?: () => Promise<void> | undefined;
}

/** A block as the services serve it: from memory (recent) or decoded from the store. */
interface BlockRecord {
  readonly height: number;
  readonly blockId: string;
  readonly header: BlockHeader;
  /** The app hash after this block (the next header carries it). */
  readonly appHash: string;
  readonly stateRoot?: string;
  /** Receipts encoded back to back; absent when the store kept none. */
  readonly receipts?: Uint8Array;
  /** Present when receipts are absent: the transactions' hashes from the payload. */
  readonly hashes?: readonly string[];
  /** The receipts root's leaves, computed on the first proof asked for. */
  leaves?: Uint8Array[];
}

interface TxLocation {
  readonly height: number;
  readonly index: number;
}

/** Deletes the oldest entries of an insertion-ordered map until it holds at most `max`. */
function trim<K, V>(map: Map<K, V>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done === true) return;
    map.delete(oldest.value);
  }
}

export class LedgerServices implements ApiServices {
  readonly chainId: string;
  readonly nodeMetrics: NodeMetrics;

  private readonly committedStateWaitMs: number;
  private readonly recent = new Map<number, BlockRecord>();
  private readonly txIndex = new Map<string, TxLocation>();
  private readonly references = new Map<string, ReferenceEvent>();
  /** (payer ‖ pending id) → recipient, for holds created in blocks seen here. */
  private readonly pendingRecipients = new Map<string, string>();
  private readonly history = new AccountHistory({
    entriesMax: HISTORY_ENTRIES_MAX,
    bytesMax: HISTORY_BYTES_MAX,
    perAccountMax: HISTORY_PER_ACCOUNT_MAX,
  });
  private readonly closedRequests = new ClosedRequests(REQUESTS_CLOSED_MAX);
  /** Settled remittances by transaction hash, as long as the transaction is indexed. */
  private readonly remittances = new Map<string, RemittanceRecord[]>();
  private readonly subscribers: SubscriberRegistry;
  private last:
    { readonly height: number; readonly blockId: string; readonly appHash: string } | undefined;
  /** The shared wait for committed state while a block executes (see committedState). */
  private settling: Promise<false> | undefined;
  private readonly travelRuleKeys: ReadonlyMap<string, Uint8Array>;
  private readonly travelRuleSm2Keys: ReadonlyMap<string, Uint8Array>;

  constructor(
    options: LedgerServicesOptions,
    private readonly ports: LedgerServicesPorts,
  ) {
    if (typeof options.chainId !== "string" || options.chainId.length === 0) {
      throw new TypeError("chainId: expected the chain's name");
    }
    assert(ports.state.chainId === options.chainId, "services and ledger state of one chain");
    assert(ports.mempool.chainId === options.chainId, "services and mempool of one chain");
    this.chainId = options.chainId;
    this.committedStateWaitMs = options.committedStateWaitMs ?? COMMITTED_STATE_WAIT_MS_MAX;
    this.travelRuleKeys = options.travelRuleKeys ?? new Map();
    this.travelRuleSm2Keys = options.travelRuleSm2Keys ?? new Map();
    this.nodeMetrics = new NodeMetrics({
      mempoolTransactions: () => ports.mempool.size,
      mempoolBytes: () => ports.mempool.bytes,
      subscribers: () => this.subscribers.size,
    });
    this.subscribers = new SubscriberRegistry(SUBSCRIBERS_MAX, SUBSCRIBER_QUEUE_MAX, {
      dropped: (reason) => this.nodeMetrics.subscribersDropped.inc({ reason }),
    });
    this.nodeMetrics.height.set(ports.state.height);
  }

  // ---- writes --------------------------------------------------------------------------------

  async submitTransactions(transactions: readonly Uint8Array[]): Promise<SubmitResult[]> {
    const busy = this.ports.admissionBusy?.(transactions.length);
    if (busy !== undefined) return busy.map(submitResultOf);
    // Decoded once: the gateway's checks, the signature check and the mempool share it.
    const decoded = transactions.map(decodedOrUndefined);
    // Signatures need no ledger state: they are checked while a block may be in progress, and
    // only the checks that read the state wait for it to be committed.
    await this.ports.preverify?.(decoded.filter((signed) => signed !== undefined));
    await this.committedState();
    let view: LedgerView = { state: this.ports.state, nowMs: this.ports.clock.nowMs() };
    const decisions = decoded.map((signed) => this.gatewayRefusal(signed, view));
    const refusals: (SubmitResult | undefined)[] = [];
    const checks: Promise<void>[] = [];
    for (const decision of decisions) {
      if (decision === undefined || "status" in decision) {
        refusals.push(decision);
        continue;
      }
      const { travelRule, verifySignature } = this.ports;
      const index = refusals.push(undefined) - 1;
      if (travelRule === undefined || decision.demands.length === 0) continue;
      // A forged remit is refused by admission; it must not make this node ask its peers first.
      if (verifySignature !== undefined && !verifySignature(decision.signed)) continue;
      // The envelope may have to come from a peer: the check waits, the ledger does not. The
      // checks of one batch run together, so a batch waits about one pull, not one per remit.
      checks.push(
        refuseMissingEnvelopes(decision.signed, decision.demands, travelRule).then((refusal) => {
          refusals[index] = refusal;
        }),
      );
    }
    const awaited = checks.length > 0;
    if (awaited) await Promise.all(checks);
    if (awaited) {
      await this.committedState();
      view = { state: this.ports.state, nowMs: this.ports.clock.nowMs() };
    }
    const { admit } = this.ports;
    if (admit === undefined) {
      return transactions.map(
        (bytes, i) =>
          refusals[i] ?? submitResultOf(this.ports.mempool.admit(decoded[i] ?? bytes, view)),
      );
    }
    const passed = transactions.flatMap((bytes, i) =>
      refusals[i] === undefined ? [decoded[i] ?? bytes] : [],
    );
    const admitted = passed.length === 0 ? [] : await admit(passed);
    let next = 0;
    return refusals.map((refusal) => refusal ?? submitResultOf(admitted[next++]!));
  }

  /**
   * A gateway's own refusals, before the mempool's admission. A transaction naming a currency
   * the chain does not have would be included only to fail (currency_not_found); currencies
   * exist from genesis, so the answer cannot change, and refusing here saves the submitter a
   * fee-less failure and a block its space. Sanctioned parties and remits without the
   * travel-rule data they need are refused too (remit-admission.ts). Transactions the pool or
   * the ledger already holds keep their idempotent answers.
   */
  private gatewayRefusal(
    signed: SignedTransaction | undefined,
    view: LedgerView,
  ):
    | SubmitResult
    | { readonly signed: SignedTransaction; readonly demands: readonly EnvelopeDemand[] }
    | undefined {
    if (signed === undefined) return undefined; // Malformed: admission explains the encoding.
    if (validateTransaction(signed).code !== ResultCode.ok) return undefined;
    if (this.ports.mempool.has(signed.hash)) return undefined;
    if (view.state.seenTransaction(signed.key, view.nowMs) !== undefined) return undefined;
    const operations = signed.tx.operations;
    for (let i = 0; i < operations.length; i++) {
      const op = operations[i]!;
      if (!("currency" in op) || view.state.currencies.has(op.currency)) continue;
      assert(isCurrencyCode(op.currency), "validated currencies are well formed");
      const known = [...view.state.currencies.keys()].sort().join(", ");
      return {
        status: "rejected",
        hash: signed.hash,
        error: {
          code: "currency_not_found",
          message: `operation ${i} names currency ${op.currency}, which this chain does not have (it has ${known}); build the transaction with one of those`,
          details: { operationIndex: i, currency: op.currency },
        },
      };
    }
    const outcome = refuseRemittance(view.state, signed);
    return "status" in outcome ? outcome : { signed, demands: outcome };
  }

  // ---- reads ---------------------------------------------------------------------------------

  async transaction(hash: string): Promise<TransactionLookup> {
    await this.committedState();
    if (this.ports.mempool.has(hash as never)) return { hash, status: "pending" };
    const location = this.txIndex.get(hash);
    if (location === undefined) return { hash, status: "unknown" };
    const record = this.blockRecord(location.height);
    if (record === undefined || record.receipts === undefined) return { hash, status: "unknown" };
    const receipt = receiptAt(record.receipts, location.index);
    assert(receipt.hash === hash, "transaction index and receipts disagree");
    record.leaves ??= receiptLeaves(record.receipts);
    const receiptsRoot = bytesToHex(receiptsRootOf(record.leaves));
    return {
      hash,
      status: "committed",
      height: location.height,
      index: location.index,
      timestamp: isoTime(record.header.timestampMs),
      code: receipt.code,
      codeName: resultName(receipt.code),
      ...failedOperation(receipt),
      blockId: record.blockId,
      ...(record.stateRoot === undefined ? {} : { stateRoot: record.stateRoot }),
      appHash: record.appHash,
      proof: receiptProofView(record.receipts, record.leaves, location.index, receiptsRoot),
      ...this.remittancesOf(hash),
    };
  }

  /** The remittances a committed transaction settled, both legs each, when remembered. */
  private remittancesOf(hash: string): { remittances?: ReturnType<typeof remittanceView>[] } {
    const records = this.remittances.get(hash);
    if (records === undefined) return {};
    const { state } = this.ports;
    return { remittances: records.map((record) => remittanceView(state, record.settled)) };
  }

  async account(id: string): Promise<AccountView | undefined> {
    await this.committedState();
    const { state } = this.ports;
    const account = state.accounts.get(id as never);
    if (account === undefined) return undefined;
    return accountView(state, account, computeStateRoots(state).stateRoot);
  }

  async accountHistory(
    id: string,
    options: AccountHistoryOptions,
  ): Promise<AccountHistoryView | undefined> {
    await this.committedState();
    if (!this.ports.state.accounts.has(id as never)) return undefined;
    const page = this.history.page(id, options.limit, options.cursor);
    return { account: id, ...page };
  }

  async transferFee(
    id: string,
    currency: string,
    amount: string,
  ): Promise<TransferFeeView | undefined> {
    await this.committedState();
    const { state } = this.ports;
    const account = state.accounts.get(id as never);
    return account === undefined ? undefined : transferFeeView(state, account, currency, amount);
  }

  async payment(payee: string, reference: string): Promise<PaymentView | undefined> {
    await this.committedState();
    const { state } = this.ports;
    if (!state.accounts.has(payee as never)) return undefined;
    const stateRoot = computeStateRoots(state).stateRoot;
    return paymentView(state, payee, reference, stateRoot, (record) => {
      // The paying transaction's hash, from its block's receipts while this node has them.
      const block = this.blockRecord(record.height);
      if (block?.receipts === undefined) return undefined;
      return receiptAt(block.receipts, record.transactionIndex).hash;
    });
  }

  async accountRequests(id: string): Promise<AccountRequestsView | undefined> {
    await this.committedState();
    const { state } = this.ports;
    if (!state.accounts.has(id as never)) return undefined;
    return accountRequestsView(state, id);
  }

  async request(payee: string, requestId: string): Promise<RequestLookup | undefined> {
    await this.committedState();
    const { state } = this.ports;
    if (!state.accounts.has(payee as never)) return undefined;
    const open = state.requests.get(payee as never, requestId as never);
    if (open !== undefined) return requestView(state, open);
    const closed = this.closedRequests.get(payee, requestId);
    if (closed !== undefined) return requestView(state, closed.request, closed.closing);
    return { status: "unknown" };
  }

  async block(height: number | "latest"): Promise<BlockView | undefined> {
    await this.committedState();
    const target = height === "latest" ? this.ports.state.height : height;
    if (target < 1) return undefined;
    const record = this.blockRecord(target);
    return record === undefined ? undefined : blockView(record);
  }

  async status(): Promise<StatusView> {
    await this.committedState();
    const { state, mempool, health } = this.ports;
    const roots = computeStateRoots(state);
    const last = this.lastCommitted();
    const node = health?.node?.();
    return {
      chainId: this.chainId,
      ...(node === undefined ? {} : { node: { ...node } }),
      height: state.height,
      ...(last?.blockId === undefined ? {} : { blockId: last.blockId }),
      ...(last === undefined ? {} : { appHash: last.appHash }),
      stateRoot: bytesToHex(roots.stateRoot),
      ...(state.height === 0 ? {} : { lastBlockTime: isoTime(state.lastTimestampMs) }),
      validators: (health?.validators() ?? []).map((v) => ({
        index: v.index,
        name: v.name,
        publicKey: bytesToHex(v.publicKey),
        votingPower: v.votingPower,
        self: v.self,
        connected: v.connected,
        ...(v.lastSeenMs === undefined ? {} : { lastSeen: isoTime(v.lastSeenMs) }),
      })),
      mempool: { transactions: mempool.size, bytes: mempool.bytes },
    };
  }

  async currencies(): Promise<CurrenciesView> {
    await this.committedState();
    const { state } = this.ports;
    const currencies = [...state.currencies.values()]
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .map((c) => ({
        code: c.code,
        minorUnits: c.minorUnits,
        issuer: c.issuer,
        supply: money(state, c.code, c.supply).amount,
      }));
    return { currencies };
  }

  async institutions(): Promise<InstitutionsView> {
    await this.committedState();
    const { state } = this.ports;
    const institutions = [...state.institutions.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((institution) =>
        institutionView(state, institution, {
          x25519: this.travelRuleKeys.get(institution.id),
          sm2: this.travelRuleSm2Keys.get(institution.id),
        }),
      );
    return { institutions };
  }

  async offers(filter: OffersFilter): Promise<OffersView> {
    await this.committedState();
    return offersView(this.ports.state, this.ports.clock.nowMs(), filter);
  }

  async quote(request: QuoteRequest): Promise<QuoteView> {
    await this.committedState();
    return indicativeQuote(this.ports.state, this.ports.clock.nowMs(), request);
  }

  /**
   * A firm quote the ledger holds, as the desk answers it: the terms the quote keeps (not the
   * offer's, which may have changed), the payer's fee and the agreed expiry. undefined when the
   * ledger holds no such quote (never held, used, or expired).
   */
  async heldQuote(holder: string, id: string): Promise<QuoteView | undefined> {
    await this.committedState();
    const { state } = this.ports;
    const quote = state.quotes.get(holder as never, id as never);
    if (quote === undefined) return undefined;
    const payer = state.accounts.get(quote.payer);
    const terms = { ...quote, id: quote.offerId };
    const legs = { send: quote.buyAmount, receive: quote.sellAmount };
    return {
      ...quoteView(state, terms, legs, payer),
      firm: true,
      id: `${holder}-${id}`,
      expiresAt: isoTime(quote.expiresAtMs),
      // The client counts down from the answer's arrival: its own clock may be off.
      expiresInMs: Math.max(0, quote.expiresAtMs - this.ports.clock.nowMs()),
    };
  }

  async iso20022(
    hash: string,
    type: Iso20022Type,
    readTravelRule?: TravelRuleReader,
  ): Promise<string | undefined> {
    await this.committedState();
    const records = this.remittances.get(hash);
    if (records === undefined) {
      const location = this.txIndex.get(hash);
      if (location === undefined) return undefined;
      throw new ServiceError(
        "not_a_remittance",
        `transaction ${hash} is committed but settled no remittance (it has no remit operation, or it failed); only a settled remittance has an ISO 20022 message`,
        { hash },
      );
    }
    // A message carries one remittance; a transaction with several exports its first.
    const record = records[0]!;
    const travelRuleHash = record.settled.travelRuleHash;
    const parties =
      readTravelRule === undefined || travelRuleHash === undefined
        ? undefined
        : partiesFromTravelRule(
            (await readTravelRule(travelRuleHash)) as unknown as TravelRuleData,
            UNKNOWN_NAME,
          );
    return remittanceMessage(this.ports.state, record, type, parties);
  }

  subscribe(topic: Topic, listener: SubscriptionListener): SubscribeResult {
    const handle = this.subscribers.add(topic, listener);
    if (handle === undefined) {
      return {
        ok: false,
        message: `this node holds ${SUBSCRIBERS_MAX} subscriptions, its limit; retry later, another gateway, or poll`,
      };
    }
    if (topic.kind === "reference") {
      // A payment may commit before its payee subscribes: tell it what is already known.
      const known = this.references.get(topic.id);
      if (known !== undefined) handle.publish(known);
    }
    return { ok: true, unsubscribe: handle.unsubscribe };
  }

  readiness(): Readiness {
    return this.ports.health?.readiness() ?? { ready: true };
  }

  async metrics(): Promise<{ contentType: string; body: string }> {
    const registry = this.nodeMetrics.registry;
    return { contentType: registry.contentType, body: await registry.metrics() };
  }

  /** Ends every subscription (the node is stopping). */
  close(): void {
    this.subscribers.dropAll("shutdown", "the node is shutting down; reconnect later");
  }

  // ---- the runtime's hook ------------------------------------------------------------------------

  onCommitted(committed: CommittedBlockInfo): void {
    const { execution, transactions, appHash, header, blockId } = committed;
    const { state, mempool, clock } = this.ports;
    const height = execution.height;
    assert(!state.blockInProgress, "onCommitted runs after the block is committed");
    assert(state.height === height, "onCommitted for the state's last block");
    assert(header.height === height, "header and execution of one block");
    assert(transactions.length === execution.receipts.length, "one receipt per transaction");

    // The block's transactions leave the pool, with any other body that reused a spent id;
    // then whatever the new state makes impossible (expired, id spent) is evicted.
    if (this.ports.runtimePrunesMempool !== true) {
      mempool.removeCommitted(transactions);
      mempool.recheck({ state, nowMs: clock.nowMs() });
    }

    const record: BlockRecord = {
      height,
      blockId: bytesToHex(blockId),
      header,
      appHash: bytesToHex(appHash),
      stateRoot: bytesToHex(execution.stateRoot),
      receipts: encodeReceiptsBytes(execution.receipts),
    };
    this.recent.set(height, record);
    this.recent.delete(height - RECENT_BLOCKS_MAX);
    this.last = { height, blockId: record.blockId, appHash: record.appHash };

    const closedBy = closedByTransaction(execution.closedRequests);
    const settledBy = settledByTransaction(execution.settledRemittances);
    for (let index = 0; index < transactions.length; index++) {
      const closed = closedBy.get(index) ?? [];
      const settled = settledBy.get(index) ?? [];
      this.indexTransaction(
        transactions[index]!,
        execution.receipts[index]!,
        { height, index, timestampMs: execution.timestampMs },
        (payee, id) => closed.find((c) => c.request.payee === payee && c.request.id === id),
        settled,
      );
    }
    trim(this.txIndex, TX_INDEX_MAX);
    trim(this.remittances, TX_INDEX_MAX);
    trim(this.references, REFERENCES_MAX);
    trim(this.pendingRecipients, PENDINGS_TRACKED_MAX);
    execution.expiredPendings.forEach((pending, i) => {
      this.pendingRecipients.delete(pending.from + pending.id);
      const entry = expiredEntry(state, pending, height, execution.timestampMs);
      this.recordActivity([pending.from], height, transactions.length + i, entry);
    });
    this.indexClosedRequests(committed, transactions.length + execution.expiredPendings.length);

    this.nodeMetrics.height.set(height);
    this.nodeMetrics.commitLatency.observe(Math.max(0, clock.nowMs() - header.timestampMs) / 1000);
    const event: BlockEvent = {
      type: "block",
      blockId: record.blockId,
      height,
      timestamp: isoTime(execution.timestampMs),
      transactions: transactions.length,
      appHash: record.appHash,
      stateRoot: record.stateRoot!,
    };
    this.subscribers.publish({ kind: "blocks" }, event);
  }

  /**
   * Remembers how the block's requests closed, and puts each expiry in both parties' histories
   * after the block's transactions and expired holds (from position `sequence` on).
   */
  private indexClosedRequests(committed: CommittedBlockInfo, sequence: number): void {
    const { execution, transactions } = committed;
    const { height, timestampMs } = execution;
    for (const closed of execution.closedRequests) {
      const index = closed.transactionIndex;
      const hash = index === undefined ? undefined : transactions[index]!.hash;
      this.closedRequests.record(closed, height, timestampMs, hash);
      if (closed.outcome !== "expired") continue;
      const entry = requestExpiredEntry(this.ports.state, closed, height, timestampMs);
      const parties = new Set([closed.request.payee, closed.request.payer]);
      this.recordActivity([...parties], height, sequence, entry);
      sequence++;
    }
  }

  private indexTransaction(
    signed: SignedTransaction,
    receipt: CommittedExecution["execution"]["receipts"][number],
    position: { readonly height: number; readonly index: number; readonly timestampMs: number },
    closed: ClosedLookup,
    settled: readonly SettledRemittance[],
  ): void {
    const { state } = this.ports;
    const { height, index } = position;
    this.txIndex.delete(signed.hash);
    this.txIndex.set(signed.hash, { height, index });
    if (settled.length > 0) {
      this.remittances.delete(signed.hash);
      this.remittances.set(
        signed.hash,
        settled.map((s) => ({
          hash: signed.hash,
          clientId: signed.tx.id,
          timestampMs: position.timestampMs,
          settled: s,
        })),
      );
    }
    const ok = receipt.code === ResultCode.ok;
    this.nodeMetrics.transactionsCommitted.inc({ result: ok ? "ok" : resultGroup(receipt.code) });
    const entry = transactionEntry(state, signed, receipt, position, closed, settled);
    const involved = this.involvedAccounts(signed, ok, closed, settled);
    this.recordActivity([...involved], height, index, entry);
    if (!ok) return;
    for (const op of signed.tx.operations) {
      if (op.kind === "transfer" || op.kind === "approve_request") {
        this.nodeMetrics.paymentsCommitted.inc({ currency: op.currency });
      }
    }
    const events = referenceEvents(
      state,
      signed,
      receipt,
      { height, index, timestamp: entry.timestamp },
      closed,
    );
    for (const event of events) {
      this.references.delete(event.reference);
      this.references.set(event.reference, event);
      this.subscribers.publish({ kind: "reference", id: event.reference }, event);
    }
  }

  /**
   * Accounts whose history shows the transaction: the signer always; when it succeeded, every
   * account it moved money to or changed, and both parties of every request it opened or
   * closed. (Fees reach the institution's account unlisted.)
   */
  private involvedAccounts(
    signed: SignedTransaction,
    ok: boolean,
    closed: ClosedLookup,
    settled: readonly SettledRemittance[],
  ): Set<string> {
    const accounts = new Set<string>([signed.signer]);
    if (!ok) return accounts;
    for (const op of signed.tx.operations) {
      switch (op.kind) {
        case "transfer":
        case "issue":
          accounts.add(op.to);
          break;
        case "set_frozen":
          accounts.add(op.account);
          break;
        case "open_account":
          accounts.add(accountIdFromPublicKey(op.keyType, op.publicKey));
          break;
        case "create_pending":
          accounts.add(op.to);
          if (op.arbiter !== undefined) accounts.add(op.arbiter);
          this.pendingRecipients.set(signed.signer + op.id, op.to);
          break;
        case "post_pending": {
          accounts.add(op.from);
          const recipient = this.pendingRecipients.get(op.from + op.id);
          if (recipient !== undefined) accounts.add(recipient);
          this.pendingRecipients.delete(op.from + op.id);
          break;
        }
        case "void_pending":
          accounts.add(op.from);
          this.pendingRecipients.delete(op.from + op.id);
          break;
        case "refund": {
          // The payment is still remembered: a refund needs it, and it outlives the block.
          const record = this.ports.state.payments.get(signed.signer, op.reference);
          if (record !== undefined) accounts.add(record.payer);
          break;
        }
        case "request_payment":
          accounts.add(op.payer);
          break;
        case "approve_request":
          accounts.add(op.payee);
          break;
        case "decline_request": {
          accounts.add(op.payee);
          const declined = closed(op.payee, op.id);
          if (declined !== undefined) accounts.add(declined.request.payer);
          break;
        }
        case "set_sanctioned":
          accounts.add(op.account);
          break;
        case "hold_quote":
          accounts.add(op.payer);
          accounts.add(op.provider);
          break;
        case "remit":
          accounts.add(op.to);
          break;
        case "redeem":
        case "set_fee_schedule":
        case "post_offer":
        case "withdraw_offer":
        case "set_kyc_limits":
        case "set_travel_rule_threshold":
          break;
      }
    }
    // Both legs of a remittance: the provider paid out and was paid.
    for (const remittance of settled) accounts.add(remittance.provider);
    return accounts;
  }

  /** Lists the entry in each account's history (`accounts` distinct) and tells subscribers. */
  private recordActivity(
    accounts: readonly string[],
    height: number,
    sequence: number,
    entry: Positioned["entry"],
  ): void {
    this.history.add(accounts, { height, sequence, entry });
    for (const account of accounts) {
      const topic: Topic = { kind: "account", id: account };
      if (this.subscribers.hasSubscribers(topic)) {
        this.subscribers.publish(topic, { type: "account", account, entry });
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /**
   * Waits until no block is in execution and every committed block is on disk (and so indexed
   * here); node_busy when that takes too long. All waiting requests share one poll, so a burst of
   * requests during a block costs one timer, not one each. Both conditions are checked again after
   * each wait: a block that finishes executing while a request waits is committed at once but
   * stored later, and its transactions have left the mempool before they reach the index.
   * The caller's work after this returns must be synchronous, so the state stays committed.
   */
  private async committedState(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut: Promise<true> | undefined;
    try {
      for (;;) {
        // A stalled disk write counts against the same deadline as a long execution.
        const storing = this.ports.stored?.();
        if (storing === undefined && !this.ports.state.blockInProgress) return;
        timedOut ??= new Promise<true>((resolve) => {
          timer = setTimeout(() => resolve(true), this.committedStateWaitMs);
        });
        const outcome = await Promise.race([storing ?? this.settled(), timedOut]);
        if (outcome === true) {
          throw new ServiceError(
            "node_busy",
            storing === undefined
              ? "the node is executing a block and could not answer from committed state in time; retry shortly"
              : "the node is writing a block to disk and could not answer from committed state in time; retry shortly",
            { retryAfterMs: NODE_BUSY_RETRY_AFTER_MS },
          );
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves (false) once no block is in execution; one shared poll for all waiters. */
  private settled(): Promise<false> {
    this.settling ??= new Promise<false>((resolve) => {
      const poll = () => {
        if (this.ports.state.blockInProgress) {
          setTimeout(poll, COMMITTED_STATE_POLL_MS);
          return;
        }
        this.settling = undefined;
        resolve(false);
      };
      setTimeout(poll, COMMITTED_STATE_POLL_MS);
    });
    return this.settling;
  }

  /** The last block's id and app hash, as far as this node knows them (genesis: no id). */
  private lastCommitted(): { blockId?: string; appHash: string } | undefined {
    if (this.last !== undefined && this.last.height === this.ports.state.height) return this.last;
    const stored = this.ports.blocks.lastCommitted();
    if (stored !== undefined && stored.height === this.ports.state.height) {
      return { blockId: bytesToHex(stored.blockId), appHash: bytesToHex(stored.appHash) };
    }
    if (this.ports.state.height === 0) {
      return { appHash: bytesToHex(genesisAppHash(this.ports.state)) };
    }
    return undefined;
  }

  private blockRecord(height: number): BlockRecord | undefined {
    const recent = this.recent.get(height);
    if (recent !== undefined) return recent;
    if (height > this.ports.state.height) return undefined;
    const stored = this.ports.blocks.loadCommitted(height as Height);
    if (stored === undefined) return undefined;
    const { block } = decodeCommittedBlock(stored.committedBytes);
    const base = {
      height,
      blockId: bytesToHex(stored.blockId),
      header: block.header,
      appHash: bytesToHex(stored.appHash),
    };
    if (stored.receiptsBytes !== undefined) return { ...base, receipts: stored.receiptsBytes };
    return { ...base, hashes: decodeBlockPayload(block.payload).map((signed) => signed.hash) };
  }
}

/** The requests each transaction of a block closed, by its index in the block. */
function closedByTransaction(closed: readonly ClosedRequest[]): Map<number, ClosedRequest[]> {
  const out = new Map<number, ClosedRequest[]>();
  for (const entry of closed) {
    if (entry.transactionIndex === undefined) continue;
    const list = out.get(entry.transactionIndex) ?? [];
    list.push(entry);
    out.set(entry.transactionIndex, list);
  }
  return out;
}

/** The remittances each transaction of a block settled, by its index in the block. */
function settledByTransaction(
  settled: readonly SettledRemittance[],
): Map<number, SettledRemittance[]> {
  const out = new Map<number, SettledRemittance[]>();
  for (const entry of settled) {
    const list = out.get(entry.transactionIndex) ?? [];
    list.push(entry);
    out.set(entry.transactionIndex, list);
  }
  return out;
}

function blockView(record: BlockRecord): BlockView {
  const { header } = record;
  const transactions: BlockView["transactions"] = [];
  let receiptsRoot: string | undefined;
  if (record.receipts !== undefined) {
    record.leaves ??= receiptLeaves(record.receipts);
    receiptsRoot = bytesToHex(receiptsRootOf(record.leaves));
    const count = receiptCount(record.receipts);
    for (let i = 0; i < count; i++) {
      const receipt = receiptAt(record.receipts, i);
      transactions.push({
        hash: receipt.hash,
        code: receipt.code,
        codeName: resultName(receipt.code),
        ...failedOperation(receipt),
      });
    }
  } else {
    for (const hash of record.hashes ?? []) transactions.push({ hash });
  }
  return {
    blockId: record.blockId,
    header: {
      height: header.height,
      round: header.round,
      timestamp: isoTime(header.timestampMs),
      parentId: bytesToHex(header.parentId),
      payloadHash: bytesToHex(header.payloadHash),
      appHash: bytesToHex(header.appHash),
      proposerIndex: header.proposerIndex,
    },
    result: {
      appHash: record.appHash,
      ...(record.stateRoot === undefined ? {} : { stateRoot: record.stateRoot }),
      ...(receiptsRoot === undefined ? {} : { receiptsRoot }),
    },
    transactions,
  };
}

/** The decoded transaction, or undefined when the bytes do not decode (admission says why). */
function decodedOrUndefined(bytes: Uint8Array): SignedTransaction | undefined {
  try {
    return decodeSignedTransaction(bytes);
  } catch (error) {
    if (error instanceof DecodeError) return undefined;
    throw error;
  }
}
