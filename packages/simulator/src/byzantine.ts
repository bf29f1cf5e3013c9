/**
 * Byzantine validators. Each runs the production node underneath (so it keeps taking part and
 * stays hard to tell apart) with misbehaviour layered on what it sends:
 *
 * - equivocate: a proposal goes to some peers, a second proposal for another block (signed with
 *   the raw key, around the safety module) to the rest; votes likewise, so peers see double
 *   votes;
 * - corrupt-signatures: some peers get its messages with a flipped signature byte;
 * - invalid-blocks: its application proposes payloads built by hand that break ledger rules
 *   (a transaction twice, a replay of a committed one, a bad transaction signature, an unknown
 *   signer, an expired or too-distant deadline, too many transactions, undecodable bytes) or
 *   that are valid but odd (an over-spend, which the ledger records as a failed payment);
 * - garbage: random bytes, truncated and stale messages on every channel, and corrupted blocks
 *   when asked for catch-up.
 *
 * Twins (two honest-code nodes sharing one key) are the other kind of Byzantine validator and
 * need nothing here.
 */
import {
  blockIdOf,
  decodeMessage,
  encodeMessage,
  encodeProposal,
  encodeVote,
  signingBytes,
  type Application,
  type BlockHeader,
  type ConsensusMessage,
  type FinalizeInput,
  type ProposeInput,
  type Signer,
  type VerifyInput,
} from "@tongbao/consensus";
import { sha256 } from "@tongbao/codec";
import { encodeSignedTransaction, limits, type SignedTransaction } from "@tongbao/ledger";
import { decodeBlockPayload, encodeBlockPayload, type LedgerApplication } from "@tongbao/node";
import { bytesToHex, type Prng } from "@tongbao/std";
import type { Amount, TimestampMs } from "@tongbao/types";
import type { KeyRing } from "./keys.ts";
import type { Packet } from "./network.ts";
import { signTransaction } from "./workload.ts";
import type { World } from "./world.ts";

export type Behaviour = "equivocate" | "corrupt-signatures" | "invalid-blocks" | "garbage";
export const BEHAVIOURS: readonly Behaviour[] = [
  "equivocate",
  "corrupt-signatures",
  "invalid-blocks",
  "garbage",
];

export type BadPayload =
  | "duplicate-in-block"
  | "replay-committed"
  | "bad-signature"
  | "unknown-signer"
  | "expired"
  | "too-far"
  | "too-many"
  | "malformed"
  | "overspend";
const BAD_PAYLOADS: readonly BadPayload[] = [
  "duplicate-in-block",
  "replay-committed",
  "bad-signature",
  "unknown-signer",
  "expired",
  "too-far",
  "too-many",
  "malformed",
  "overspend",
];

export interface ByzantineStats {
  equivocations: number;
  corrupted: number;
  garbage: number;
  badProposals: Partial<Record<BadPayload, number>>;
}

export interface Delivery {
  readonly to: number;
  readonly packet: Packet;
}

export class Byzantine {
  readonly stats: ByzantineStats = { equivocations: 0, corrupted: 0, garbage: 0, badProposals: {} };
  /** Alternative blocks we proposed, by "height/round", so our double votes name them. */
  private readonly alternatives = new Map<string, Uint8Array>();
  /** Messages we sent, for stale replays. */
  private readonly history: Uint8Array[] = [];

  constructor(
    readonly behaviours: ReadonlySet<Behaviour>,
    private readonly world: World,
    private readonly keys: KeyRing,
    private readonly signer: Signer,
    private readonly prng: Prng,
    private readonly maxTxsPerBlock: number,
  ) {}

  has(behaviour: Behaviour): boolean {
    return this.behaviours.has(behaviour);
  }

  /** What each peer receives when this node broadcasts `bytes`. */
  broadcast(bytes: Uint8Array, peers: readonly number[]): Delivery[] {
    const out: Delivery[] = [];
    const message = decodeMessage(bytes);
    const alternative = this.has("equivocate") ? this.alternative(message) : undefined;
    const half = new Set(this.prng.shuffle([...peers]).slice(0, peers.length >> 1));
    for (const to of peers) {
      let sent = alternative !== undefined && half.has(to) ? alternative : bytes;
      if (this.has("corrupt-signatures") && this.prng.int(3) === 0) {
        this.stats.corrupted++;
        sent = corruptSignature(decodeMessage(sent), this.prng);
      }
      out.push({ to, packet: { channel: "consensus", bytes: sent } });
    }
    if (this.has("garbage") && peers.length > 0) out.push(...this.garbage(peers, bytes));
    if (this.history.length < 256) this.history.push(bytes);
    else this.history[this.prng.int(this.history.length)] = bytes;
    return out;
  }

  /** The committed block a Byzantine node serves for catch-up: sometimes damaged. */
  serveBlock(bytes: Uint8Array): Uint8Array {
    if (!this.has("garbage") || this.prng.int(2) === 0) return bytes;
    this.stats.garbage++;
    const copy = bytes.slice();
    const at = this.prng.int(copy.length);
    copy[at] = copy[at]! ^ 0x40;
    return copy;
  }

  /** Wraps the node's application: with invalid-blocks, some proposals are built by hand. */
  application(app: LedgerApplication): Application {
    if (!this.has("invalid-blocks")) return app;
    const crafted = new Set<string>();
    const committed: SignedTransaction[] = [];
    return {
      proposeBlock: (input: ProposeInput): Uint8Array => {
        if (this.prng.int(2) === 0) return app.proposeBlock(input);
        const payload = this.badPayload(input, committed);
        crafted.add(bytesToHex(sha256(payload)));
        return payload;
      },
      // Our own hand-built blocks look fine to us, so this node prevotes them.
      verifyBlock: (input: VerifyInput): boolean =>
        crafted.has(bytesToHex(sha256(input.payload))) || app.verifyBlock(input),
      finalizeBlock: (input: FinalizeInput): Uint8Array => {
        const hash = app.finalizeBlock(input);
        for (const tx of decodeBlockPayload(input.payload)) {
          if (committed.length < 64) committed.push(tx);
          else committed[this.prng.int(committed.length)] = tx;
        }
        return hash;
      },
    };
  }

  private badPayload(input: ProposeInput, committed: readonly SignedTransaction[]): Uint8Array {
    let kind = this.prng.pick(BAD_PAYLOADS);
    if (kind === "replay-committed" && committed.length === 0) kind = "duplicate-in-block";
    this.stats.badProposals[kind] = (this.stats.badProposals[kind] ?? 0) + 1;
    const at = input.timestampMs;
    const fresh = (validUntilMs = at + 60_000, amount = 1n) => {
      const customers = this.world.customers;
      const from = this.prng.pick(customers);
      let to = this.prng.pick(customers);
      while (to === from) to = this.prng.pick(customers);
      return signTransaction(
        this.world.chainId,
        from.key,
        {
          validUntilMs,
          operations: [
            {
              kind: "transfer",
              to: to.key.accountId,
              currency: this.prng.pick(from.currencies),
              amount: amount as Amount,
            },
          ],
        },
        this.prng,
      );
    };
    const payload = (txs: SignedTransaction[]) =>
      encodeBlockPayload(txs.map((tx) => encodeSignedTransaction(tx)));
    switch (kind) {
      case "duplicate-in-block": {
        const tx = fresh();
        return payload([tx, tx]);
      }
      case "replay-committed":
        return payload([this.prng.pick(committed)]);
      case "bad-signature": {
        const bytes = encodeSignedTransaction(fresh());
        bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
        return encodeBlockPayload([bytes]);
      }
      case "unknown-signer": {
        const stranger = this.keys.key(`stranger-${this.prng.int(4)}`);
        const to = this.prng.pick(this.world.customers);
        const tx = signTransaction(
          this.world.chainId,
          stranger,
          {
            validUntilMs: at + 60_000,
            operations: [
              {
                kind: "transfer",
                to: to.key.accountId,
                currency: this.prng.pick(to.currencies),
                amount: 1n as Amount,
              },
            ],
          },
          this.prng,
        );
        return payload([tx]);
      }
      case "expired":
        return payload([fresh(at - 1)]);
      case "too-far":
        return payload([fresh(at + limits.VALIDITY_WINDOW_MS_MAX + 60_000)]);
      case "too-many":
        return payload(Array.from({ length: this.maxTxsPerBlock + 1 }, () => fresh()));
      case "malformed": {
        const valid = payload([fresh()]);
        return this.prng.int(2) === 0
          ? valid.subarray(0, this.prng.between(1, valid.length - 1)).slice()
          : this.prng.bytes(this.prng.between(0, 64));
      }
      case "overspend":
        return payload([fresh(at + 60_000, 10n ** 15n)]);
    }
  }

  /** A second signed message for the same position, for another value. */
  private alternative(message: ConsensusMessage): Uint8Array | undefined {
    const { chainId } = this.world;
    if (message.kind === "proposal") {
      const { proposal } = message.signed;
      const header: BlockHeader = {
        ...message.block.header,
        timestampMs: (message.block.header.timestampMs + 1) as TimestampMs,
      };
      const blockId = blockIdOf(header);
      const other = { ...proposal, blockId };
      const signature = this.signer.sign(signingBytes(chainId, "proposal", encodeProposal(other)));
      this.alternatives.set(`${proposal.height}/${proposal.round}`, blockId);
      this.stats.equivocations++;
      return encodeMessage({
        kind: "proposal",
        signed: { proposal: other, signature },
        block: { header, payload: message.block.payload },
      });
    }
    const { vote } = message.signed;
    const ours = this.alternatives.get(`${vote.height}/${vote.round}`);
    const blockId =
      ours !== undefined && (vote.blockId === null || bytesToHex(vote.blockId) !== bytesToHex(ours))
        ? ours
        : vote.blockId === null
          ? undefined
          : null;
    if (blockId === undefined) return undefined;
    const other = { ...vote, blockId };
    const signature = this.signer.sign(signingBytes(chainId, "vote", encodeVote(other)));
    this.stats.equivocations++;
    return encodeMessage({ kind: "vote", signed: { vote: other, signature } });
  }

  private garbage(peers: readonly number[], bytes: Uint8Array): Delivery[] {
    const out: Delivery[] = [];
    const to = this.prng.pick(peers);
    this.stats.garbage++;
    switch (this.prng.int(5)) {
      case 0:
        out.push({
          to,
          packet: { channel: "consensus", bytes: this.prng.bytes(this.prng.int(200)) },
        });
        break;
      case 1:
        out.push({
          to,
          packet: {
            channel: "consensus",
            bytes: bytes.subarray(0, this.prng.int(bytes.length)).slice(),
          },
        });
        break;
      case 2:
        if (this.history.length > 0) {
          out.push({ to, packet: { channel: "consensus", bytes: this.prng.pick(this.history) } });
        }
        break;
      case 3:
        out.push({ to, packet: { channel: "tx", bytes: this.prng.bytes(this.prng.int(300)) } });
        break;
      default:
        out.push({ to, packet: { channel: "block", bytes: this.prng.bytes(this.prng.int(300)) } });
    }
    return out;
  }
}

/** The same message with one bit of its signature flipped. */
export function corruptSignature(message: ConsensusMessage, prng: Prng): Uint8Array {
  const signature = message.signed.signature.slice();
  const at = prng.int(signature.length);
  signature[at] = signature[at]! ^ (1 << prng.int(8));
  return message.kind === "vote"
    ? encodeMessage({ kind: "vote", signed: { vote: message.signed.vote, signature } })
    : encodeMessage({
        kind: "proposal",
        signed: { proposal: message.signed.proposal, signature },
        block: message.block,
      });
}
