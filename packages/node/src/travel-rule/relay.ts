/**
 * Envelopes between nodes. Every node keeps every envelope (they are ciphertext: holding one
 * reveals nothing), so the recipients' nodes have them whichever gateway the sender used:
 *
 * - push: an envelope stored through this node's API is sent at once to every connected peer,
 *   which checks it as an upload and stores it;
 * - pull: a node asked for a hash it lacks asks its connected peers and waits up to
 *   PULL_WAIT_MS_MAX for the first that has it (or until every one has said it has none).
 *
 * The channel is droppable, so a push lost to a slow link costs one pull later. Everything held
 * in memory is bounded: pulls in flight, waiters per pull.
 */
import { DecodeError } from "@tongbao/codec";
import { Channel, type PeerId, type SendOutcome } from "@tongbao/p2p";
import { bytesToHex, hexToBytes } from "@tongbao/std";
import type { Logger } from "../runtime/logger.ts";
import { EnvelopeBook, EnvelopeConflictError, EnvelopeStoreFullError } from "./envelope-book.ts";
import { EnvelopeRefusedError, checkEnvelope, type EnvelopeContext } from "./envelope-check.ts";
import { decodeTravelRuleMessage, encodeTravelRuleMessage } from "./wire.ts";

/** The longest a reader waits for peers to deliver an envelope this node lacks. */
export const PULL_WAIT_MS_MAX = 2_000;
/** Hashes being pulled at once; past this a reader that needs another is answered at once. */
export const PULLS_MAX = 256;
/** Readers waiting on one pull. */
export const PULL_WAITERS_MAX = 64;
/**
 * A known envelope uploaded again is pushed to the peers again (the first push may have been
 * dropped), but at most once in this interval: uploading one envelope in a loop must not flood
 * the peers' queues, which carry transaction gossip too.
 */
export const REPUSH_INTERVAL_MS = 30_000;
/** Known envelopes whose last push is remembered for REPUSH_INTERVAL_MS. */
export const REPUSHES_REMEMBERED_MAX = 4_096;

/** What the relay needs of the node's links. */
export interface RelayLinks {
  send(peer: PeerId, channel: Channel, bytes: Uint8Array): SendOutcome;
  /** Peers with an open link now. */
  connectedPeers(): readonly PeerId[];
}

interface Pull {
  readonly waiters: ((envelope: string | undefined) => void)[];
  /** Peers asked that have not answered "missing". */
  readonly asked: Set<PeerId>;
  readonly timer: ReturnType<typeof setTimeout>;
}

export type PublishResult = "stored" | "known";

export class TravelRuleRelay {
  private readonly pulls = new Map<string, Pull>();
  /** Hash → when this node last pushed it (performance.now()), oldest first. */
  private readonly pushedAt = new Map<string, number>();
  private closed = false;

  constructor(
    readonly context: EnvelopeContext,
    readonly book: EnvelopeBook,
    private readonly links: RelayLinks,
    private readonly logger: Logger,
  ) {}

  /**
   * Checks and stores an uploaded envelope, then pushes it to the peers. Throws
   * EnvelopeRefusedError, EnvelopeConflictError or EnvelopeStoreFullError; nothing is stored then.
   */
  publish(hash: string, envelope: string): PublishResult {
    checkEnvelope(hash, envelope, this.context);
    const result = this.book.put(hash, envelope);
    // Also when known: the first upload's push may have been dropped on the way to some peer.
    if (this.mayPush(hash, result)) this.push(hash, envelope);
    this.settle(hash, envelope);
    return result;
  }

  /** A new envelope is always pushed; a known one again only after REPUSH_INTERVAL_MS. */
  private mayPush(hash: string, result: PublishResult): boolean {
    const now = performance.now();
    const last = this.pushedAt.get(hash);
    if (result === "known" && last !== undefined && now - last < REPUSH_INTERVAL_MS) return false;
    this.pushedAt.delete(hash);
    this.pushedAt.set(hash, now);
    if (this.pushedAt.size > REPUSHES_REMEMBERED_MAX) {
      this.pushedAt.delete(this.pushedAt.keys().next().value!);
    }
    return true;
  }

  /** The envelope stored under `hash`, from this node or, failing that, from its peers. */
  async find(hash: string, waitMs = PULL_WAIT_MS_MAX): Promise<string | undefined> {
    const local = this.book.get(hash);
    if (local !== undefined || this.closed) return local;
    const peers = this.links.connectedPeers();
    if (peers.length === 0) return undefined;
    const existing = this.pulls.get(hash);
    if (existing !== undefined) {
      if (existing.waiters.length >= PULL_WAITERS_MAX) return undefined;
      return new Promise((resolve) => existing.waiters.push(resolve));
    }
    if (this.pulls.size >= PULLS_MAX) return undefined;
    const pull: Pull = {
      waiters: [],
      asked: new Set(peers),
      timer: setTimeout(() => this.settle(hash, undefined), Math.min(waitMs, PULL_WAIT_MS_MAX)),
    };
    this.pulls.set(hash, pull);
    // The waiter is in place before the first request leaves: an answer may come at once.
    const found = new Promise<string | undefined>((resolve) => pull.waiters.push(resolve));
    const request = encodeTravelRuleMessage({ kind: "request", hash: hexToBytes(hash) });
    for (const peer of peers) this.links.send(peer, Channel.TravelRule, request);
    return found;
  }

  /** A frame of the TravelRule channel from an authenticated peer. */
  onMessage(peer: PeerId, bytes: Uint8Array): void {
    let message;
    try {
      message = decodeTravelRuleMessage(bytes);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      this.logger.warn({ peer, reason: error.message }, "bad travel-rule message");
      return;
    }
    const hash = bytesToHex(message.hash);
    switch (message.kind) {
      case "push":
        this.receive(peer, hash, message.envelope);
        break;
      case "request": {
        const envelope = this.book.get(hash);
        this.links.send(
          peer,
          Channel.TravelRule,
          encodeTravelRuleMessage(
            envelope === undefined
              ? { kind: "missing", hash: message.hash }
              : { kind: "push", hash: message.hash, envelope },
          ),
        );
        break;
      }
      case "missing": {
        const pull = this.pulls.get(hash);
        if (pull === undefined) return;
        pull.asked.delete(peer);
        if (pull.asked.size === 0) this.settle(hash, undefined);
        break;
      }
    }
  }

  /** Answers every waiting reader (with nothing) and stops pulling. */
  close(): void {
    this.closed = true;
    for (const hash of [...this.pulls.keys()]) this.settle(hash, undefined);
  }

  private receive(peer: PeerId, hash: string, envelope: string): void {
    try {
      checkEnvelope(hash, envelope, this.context);
      this.book.put(hash, envelope);
    } catch (error) {
      if (
        error instanceof EnvelopeRefusedError ||
        error instanceof EnvelopeConflictError ||
        error instanceof EnvelopeStoreFullError
      ) {
        this.logger.warn({ peer, hash, reason: error.message }, "travel-rule envelope refused");
        return;
      }
      throw error;
    }
    this.settle(hash, envelope);
  }

  private push(hash: string, envelope: string): void {
    const bytes = encodeTravelRuleMessage({ kind: "push", hash: hexToBytes(hash), envelope });
    for (const peer of this.links.connectedPeers()) {
      this.links.send(peer, Channel.TravelRule, bytes);
    }
  }

  private settle(hash: string, envelope: string | undefined): void {
    const pull = this.pulls.get(hash);
    if (pull === undefined) return;
    this.pulls.delete(hash);
    clearTimeout(pull.timer);
    for (const resolve of pull.waiters) resolve(envelope);
  }
}
