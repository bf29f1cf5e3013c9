/**
 * The simulated network between nodes (TigerBeetle's packet simulator in spirit): every packet
 * is delayed by a PRNG-drawn time, and may be dropped, duplicated, held back so that later
 * packets overtake it, or corrupted in one byte. Links can be cut in one direction or both
 * (partitions) and healed. A cut link loses what it carries, including packets already in
 * flight when the cut happens: a TCP connection that breaks loses its buffers.
 *
 * The network knows nothing about consensus: it moves opaque packets between numbered nodes.
 */
import { Prng, assert } from "@tongbao/std";
import type { EventQueue } from "./event-queue.ts";

/** What a packet carries: consensus messages, gossiped transactions, or catch-up traffic. */
export type Channel = "consensus" | "tx" | "block-request" | "block";

export interface Packet {
  readonly channel: Channel;
  readonly bytes: Uint8Array;
}

/** Per-packet fault rates, in parts per million so that runs stay integer-exact. */
export interface LinkFaults {
  readonly dropPpm: number;
  readonly duplicatePpm: number;
  /** Each delivery takes delayMsMin..delayMsMax, drawn per packet and recipient. */
  readonly delayMsMin: number;
  readonly delayMsMax: number;
  /** A packet held back by up to reorderMsMax more, so that later packets overtake it. */
  readonly reorderPpm: number;
  readonly reorderMsMax: number;
  /** One byte flipped in transit. */
  readonly corruptPpm: number;
}

/** A well-behaved LAN: short delays and nothing else. */
export const CALM_LINKS: LinkFaults = {
  dropPpm: 0,
  duplicatePpm: 0,
  delayMsMin: 1,
  delayMsMax: 20,
  reorderPpm: 0,
  reorderMsMax: 0,
  corruptPpm: 0,
};

export interface NetworkStats {
  sent: number;
  delivered: number;
  dropped: number;
  cut: number;
  duplicated: number;
  corrupted: number;
}

export type Deliver = (from: number, to: number, packet: Packet) => void;

export class SimNetwork {
  private linkFaults: LinkFaults;
  /** blocked[from * size + to]: packets from `from` to `to` are lost (a cut link). */
  private readonly blocked: boolean[];
  /**
   * clogged[from * size + to]: packets are lost on a path that stays connected, as when a
   * peer's send queue overflows or a route congests. Unlike a cut, its end is no reconnect.
   */
  private readonly clogged: boolean[];
  readonly stats: NetworkStats = {
    sent: 0,
    delivered: 0,
    dropped: 0,
    cut: 0,
    duplicated: 0,
    corrupted: 0,
  };

  constructor(
    readonly size: number,
    private readonly prng: Prng,
    private readonly queue: EventQueue,
    private readonly deliver: Deliver,
    faults: LinkFaults = CALM_LINKS,
  ) {
    assert(Number.isSafeInteger(size) && size > 0, "network size");
    this.blocked = new Array<boolean>(size * size).fill(false);
    this.clogged = new Array<boolean>(size * size).fill(false);
    this.linkFaults = checkFaults(faults);
  }

  get faults(): LinkFaults {
    return this.linkFaults;
  }

  /** True once any packet has been corrupted in transit. */
  get everCorrupted(): boolean {
    return this.stats.corrupted > 0;
  }

  setFaults(faults: Partial<LinkFaults>): void {
    this.linkFaults = checkFaults({ ...this.linkFaults, ...faults });
  }

  send(from: number, to: number, packet: Packet): void {
    this.checkNode(from);
    this.checkNode(to);
    if (from === to) return;
    this.stats.sent++;
    const f = this.linkFaults;
    if (this.isBlocked(from, to)) {
      this.stats.cut++;
      return;
    }
    if (this.prng.chancePpm(f.dropPpm)) {
      this.stats.dropped++;
      return;
    }
    const copies = this.prng.chancePpm(f.duplicatePpm) ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    for (let i = 0; i < copies; i++) {
      let delay = this.prng.between(f.delayMsMin, f.delayMsMax);
      if (f.reorderMsMax > 0 && this.prng.chancePpm(f.reorderPpm)) {
        delay += this.prng.between(1, f.reorderMsMax);
      }
      let delivered = packet;
      if (packet.bytes.length > 0 && this.prng.chancePpm(f.corruptPpm)) {
        this.stats.corrupted++;
        delivered = { channel: packet.channel, bytes: flipOneByte(packet.bytes, this.prng) };
      }
      this.queue.after(delay, () => {
        // A link cut while the packet was in flight loses it.
        if (this.isBlocked(from, to)) {
          this.stats.cut++;
          return;
        }
        this.stats.delivered++;
        this.deliver(from, to, delivered);
      });
    }
  }

  isBlocked(from: number, to: number): boolean {
    const link = from * this.size + to;
    return this.blocked[link] === true || this.clogged[link] === true;
  }

  /** Packets from any of `from` to any of `to` are lost until unclogged; links stay up. */
  clog(from: readonly number[], to: readonly number[], clogged = true): void {
    for (const a of from) {
      for (const b of to) {
        this.checkNode(a);
        this.checkNode(b);
        if (a !== b) this.clogged[a * this.size + b] = clogged;
      }
    }
  }

  unclogAll(): void {
    this.clogged.fill(false);
  }

  /** Cuts every link between `node` and the others, both ways. */
  isolate(node: number): void {
    this.checkNode(node);
    for (let other = 0; other < this.size; other++) {
      if (other === node) continue;
      this.cut(node, other);
      this.cut(other, node);
    }
  }

  /**
   * Symmetric partition: nodes talk only within their group. Every node must be in exactly one
   * group.
   */
  partition(groups: readonly (readonly number[])[]): void {
    const groupOf = new Array<number>(this.size).fill(-1);
    groups.forEach((group, g) => {
      for (const node of group) {
        this.checkNode(node);
        assert(groupOf[node] === -1, `node ${node} is in two groups`);
        groupOf[node] = g;
      }
    });
    assert(
      groupOf.every((g) => g >= 0),
      "every node belongs to a group",
    );
    for (let a = 0; a < this.size; a++) {
      for (let b = 0; b < this.size; b++) {
        if (a !== b && groupOf[a] !== groupOf[b]) this.cut(a, b);
      }
    }
  }

  /** One-way partition: packets from any of `from` to any of `to` are lost; replies get through. */
  cutOneWay(from: readonly number[], to: readonly number[]): void {
    for (const a of from) {
      for (const b of to) {
        this.checkNode(a);
        this.checkNode(b);
        if (a !== b) this.cut(a, b);
      }
    }
  }

  cut(from: number, to: number): void {
    this.blocked[from * this.size + to] = true;
  }

  /** Restores every cut link (not clogged paths); returns them as [from, to] pairs. */
  heal(): Array<[from: number, to: number]> {
    const restored: Array<[number, number]> = [];
    for (let from = 0; from < this.size; from++) {
      for (let to = 0; to < this.size; to++) {
        if (this.blocked[from * this.size + to] === true) {
          restored.push([from, to]);
          this.blocked[from * this.size + to] = false;
        }
      }
    }
    return restored;
  }

  /** True when some link is cut or some path clogged. */
  get partitioned(): boolean {
    return this.blocked.some((b) => b) || this.clogged.some((c) => c);
  }

  private checkNode(node: number): void {
    assert(Number.isSafeInteger(node) && node >= 0 && node < this.size, `no node ${node}`);
  }
}

function checkFaults(f: LinkFaults): LinkFaults {
  for (const [name, value] of Object.entries(f)) {
    assert(Number.isSafeInteger(value) && value >= 0, `link fault ${name} must be an integer ≥ 0`);
  }
  for (const name of ["dropPpm", "duplicatePpm", "reorderPpm", "corruptPpm"] as const) {
    assert(f[name] <= 1_000_000, `${name} is at most 1 000 000`);
  }
  assert(f.delayMsMin >= 1 && f.delayMsMax >= f.delayMsMin, "delays: 1 ≤ min ≤ max");
  return { ...f };
}

function flipOneByte(bytes: Uint8Array, prng: Prng): Uint8Array {
  const copy = bytes.slice();
  const at = prng.int(copy.length);
  copy[at] = copy[at]! ^ (1 + prng.int(255));
  return copy;
}
