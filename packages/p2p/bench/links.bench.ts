/**
 * `npm run bench:p2p`: validator links on loopback, both ends in this process.
 *
 * - Round-trip latency of a 200-byte frame (a vote is ~150 bytes) echoed by the peer, through
 *   TcpTransport, through MemoryTransport, and through a bare TLS 1.3 socket pair with the same
 *   certificates and no framing, queue or checks (the bound: what node:tls alone costs).
 * - Frames per second one way, for payloads from a vote to a block, through TcpTransport and
 *   through the bare TLS pair writing the same framed bytes with only socket back-pressure.
 *
 * Both ends share one event loop, so each number includes encryption and decryption on one
 * core. Medians of ROUNDS rounds; ratios are taken within a round (performance.md).
 */
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import tls from "node:tls";
import type { AddressInfo } from "node:net";
import { compareBytes } from "@tongbao/std";
import { generateKeyPair } from "@tongbao/crypto";
import {
  Channel,
  MemoryNetwork,
  MemoryTransport,
  QUEUE_BYTES_MAX_DEFAULT,
  QUEUE_FRAMES_MAX_DEFAULT,
  TcpTransport,
  createNodeCertificate,
  type Transport,
} from "@tongbao/p2p";
import { encodeFrame } from "../src/frame.ts";

const ROUNDS = 5;
const ROUND_TRIPS = 2_000;
const WARMUP_ROUND_TRIPS = 200;
const VOTE_BYTES = 200;
/** Payload sizes for throughput, with how many frames each round sends. */
const SIZES: readonly [label: string, bytes: number, frames: number][] = [
  ["200 B (vote)", 200, 40_000],
  ["4 KiB", 4 * 1024, 20_000],
  ["64 KiB", 64 * 1024, 2_000],
  ["1 MiB (block)", 1024 * 1024, 128],
];

const chainId = "tongbao-bench-1";
const genesisHash = new Uint8Array(32).fill(1);
const [keyA, keyB] = [generateKeyPair(), generateKeyPair()].sort((a, b) =>
  compareBytes(a.publicKey, b.publicKey),
) as [ReturnType<typeof generateKeyPair>, ReturnType<typeof generateKeyPair>];
const peers = [{ publicKey: keyA.publicKey }, { publicKey: keyB.publicKey }];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// ---- the pairs ----

interface Pair {
  /** Sends `payload` from A and resolves when B has echoed it back. */
  roundTrip(payload: Uint8Array): Promise<void>;
  /** Sends `count` frames A → B as fast as the link drains; resolves when B has them all. */
  stream(payload: Uint8Array, count: number): Promise<void>;
  close(): Promise<void>;
}

/** A and B as Transports; B echoes Consensus frames and counts BlockResponse frames. */
async function transportPair(a: Transport, b: Transport, connected: Promise<void>): Promise<Pair> {
  let echoed: (() => void) | null = null;
  let received = 0;
  let receivedWanted = 0;
  let allReceived: (() => void) | null = null;
  b.onMessage((peer, channel, bytes) => {
    if (channel === Channel.Consensus) b.send(peer, Channel.Consensus, bytes);
    else if (++received === receivedWanted) allReceived?.();
  });
  a.onMessage(() => echoed?.());
  await connected;
  const roomy = (): boolean => {
    const { queueBytes, queueFrames } = a.peers()[0]!;
    return queueBytes < QUEUE_BYTES_MAX_DEFAULT / 4 && queueFrames < QUEUE_FRAMES_MAX_DEFAULT / 4;
  };
  return {
    roundTrip: (payload) =>
      new Promise<void>((resolve) => {
        echoed = resolve;
        assert.equal(a.send(b.self, Channel.Consensus, payload), "queued");
      }),
    stream: async (payload, count) => {
      received = 0;
      receivedWanted = count;
      const done = new Promise<void>((resolve) => (allReceived = resolve));
      for (let sent = 0; sent < count;) {
        // Keep the queue well inside its bound: a block response is critical, never dropped.
        while (sent < count && roomy()) {
          assert.equal(a.send(b.self, Channel.BlockResponse, payload), "queued");
          sent++;
        }
        await turn();
      }
      await done;
    },
    close: async () => {
      await a.stop();
      await b.stop();
    },
  };
}

async function tcpPair(): Promise<Pair> {
  const options = { chainId, genesisHash, peers, listen: { host: "127.0.0.1", port: 0 } };
  const a = new TcpTransport({ ...options, nodeKey: keyA });
  const b = new TcpTransport({ ...options, nodeKey: keyB });
  const connected = new Promise<void>((resolve) => a.onPeerConnected(() => resolve()));
  await b.start();
  await a.start();
  a.setPeerAddress(b.self, b.address);
  return transportPair(a, b, connected);
}

async function memoryPair(): Promise<Pair> {
  const network = new MemoryNetwork();
  const a = new MemoryTransport({ chainId, genesisHash, peers, nodeKey: keyA }, { network });
  const b = new MemoryTransport({ chainId, genesisHash, peers, nodeKey: keyB }, { network });
  const connected = new Promise<void>((resolve) => a.onPeerConnected(() => resolve()));
  await a.start();
  await b.start();
  return transportPair(a, b, connected);
}

/** The bound: a mutual TLS 1.3 socket pair with the same certificates, nothing else. */
async function bareTlsPair(): Promise<Pair> {
  const [certA, certB] = [createNodeCertificate(keyA), createNodeCertificate(keyB)];
  const common = {
    minVersion: "TLSv1.3",
    maxVersion: "TLSv1.3",
    rejectUnauthorized: false,
  } as const;
  let serverSide: tls.TLSSocket | null = null;
  let mode: "echo" | "count" = "echo";
  let counted = 0;
  let countWanted = 0;
  let counter: (() => void) | null = null;
  const server = tls.createServer(
    { ...common, key: certB.keyPem, cert: certB.certPem, requestCert: true },
    (socket) => {
      serverSide = socket;
      socket.setNoDelay(true);
      socket.on("data", (chunk: Buffer) => {
        if (mode === "echo") socket.write(chunk);
        else if ((counted += chunk.length) >= countWanted) counter?.();
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const client = tls.connect({
    ...common,
    host: "127.0.0.1",
    port: (server.address() as AddressInfo).port,
    key: certA.keyPem,
    cert: certA.certPem,
    checkServerIdentity: () => undefined,
  });
  client.setNoDelay(true);
  await new Promise<void>((resolve) => client.once("secureConnect", () => resolve()));
  let echoedBytes = 0;
  let echoWanted = 0;
  let echoed: (() => void) | null = null;
  client.on("data", (chunk: Buffer) => {
    if ((echoedBytes += chunk.length) >= echoWanted) echoed?.();
  });
  return {
    roundTrip: (payload) =>
      new Promise<void>((resolve) => {
        mode = "echo";
        echoedBytes = 0;
        echoWanted = payload.length;
        echoed = resolve;
        client.write(payload);
      }),
    stream: async (payload, count) => {
      mode = "count";
      const frame = encodeFrame(Channel.BlockResponse, payload);
      counted = 0;
      countWanted = frame.length * count;
      const done = new Promise<void>((resolve) => (counter = resolve));
      for (let sent = 0; sent < count; sent++) {
        if (!client.write(frame)) await new Promise((resolve) => client.once("drain", resolve));
      }
      await done;
    },
    close: async () => {
      client.destroy();
      (serverSide as tls.TLSSocket | null)?.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- measurements ----

async function latencies(pair: Pair): Promise<number[]> {
  const payload = new Uint8Array(VOTE_BYTES).fill(3);
  for (let i = 0; i < WARMUP_ROUND_TRIPS; i++) await pair.roundTrip(payload);
  const samples: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const start = performance.now();
    await pair.roundTrip(payload);
    samples.push((performance.now() - start) * 1000);
  }
  return samples;
}

async function framesPerSecond(pair: Pair, bytes: number, frames: number): Promise<number> {
  const payload = new Uint8Array(bytes).fill(5);
  await pair.stream(payload, Math.max(1, frames >> 4)); // warm-up
  const start = performance.now();
  await pair.stream(payload, frames);
  return frames / ((performance.now() - start) / 1000);
}

const pairs = { tcp: tcpPair, memory: memoryPair, bare: bareTlsPair };
const rtt = { tcp: [] as number[][], memory: [] as number[][], bare: [] as number[][] };
const rate = new Map<string, { tcp: number[]; bare: number[] }>(
  SIZES.map(([label]) => [label, { tcp: [], bare: [] }]),
);

for (let round = 0; round < ROUNDS; round++) {
  for (const name of ["bare", "tcp", "memory"] as const) {
    const pair = await pairs[name]();
    rtt[name].push(await latencies(pair));
    if (name !== "memory") {
      for (const [label, bytes, frames] of SIZES) {
        rate.get(label)![name].push(await framesPerSecond(pair, bytes, frames));
      }
    }
    await pair.close();
  }
}

const us = (value: number): string => value.toFixed(1).padStart(7);
console.log(
  `round trip of a ${VOTE_BYTES}-byte frame on loopback, µs, medians of ${ROUNDS} rounds`,
);
console.log(`${"".padEnd(24)}    p50     p99   p50 ÷ bare TLS`);
for (const name of ["bare", "tcp", "memory"] as const) {
  const p50 = rtt[name].map((samples) => percentile(samples, 0.5));
  const p99 = rtt[name].map((samples) => percentile(samples, 0.99));
  const bareP50 = rtt.bare.map((samples) => percentile(samples, 0.5));
  const ratio = median(p50.map((value, r) => value / bareP50[r]!)).toFixed(2);
  const title = { bare: "bare TLS 1.3 (bound)", tcp: "TcpTransport", memory: "MemoryTransport" }[
    name
  ];
  console.log(`${title.padEnd(24)}${us(median(p50))} ${us(median(p99))}   ${ratio}`);
}
console.log(`\nframes per second one way (MB/s), medians of ${ROUNDS} rounds`);
console.log(
  `${"payload".padEnd(16)}${"TcpTransport".padStart(22)}${"bare TLS".padStart(22)}   ÷ bare`,
);
for (const [label, bytes] of SIZES) {
  const { tcp, bare } = rate.get(label)!;
  const cell = (values: number[]): string => {
    const fps = median(values);
    const mbps = (fps * bytes) / 1e6;
    return `${Math.round(fps).toLocaleString("en")} (${mbps.toFixed(0)})`.padStart(22);
  };
  const ratio = median(tcp.map((value, r) => value / bare[r]!)).toFixed(2);
  console.log(`${label.padEnd(16)}${cell(tcp)}${cell(bare)}   ${ratio}`);
}
