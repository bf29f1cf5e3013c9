// Goal: four ValidatorNodes commit payments submitted to any of them, every node reaches the
// same app hash, a stopped node restores its ledger from its blocks and catches up, and
// admission, reads, the data-directory lock and the gateway hook behave as documented, and a
// broken invariant halts the node.
// Method: four nodes in one process over the in-memory p2p twin, each with its own LMDB
// directory in a temp dir (and one node alone on a real TLS listener); payments signed with real
// keys; conditions awaited with generous deadlines (no timing assertions).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeSignedTransaction, type LedgerState } from "@tongbao/ledger";
import { decodeMessage } from "@tongbao/consensus";
import {
  Channel,
  MemoryNetwork,
  MemoryTransport,
  type PeerId,
  type SendOutcome,
  type Transport,
} from "@tongbao/p2p";
import { AssertionError } from "@tongbao/std";
import type { AccountId, CurrencyCode } from "@tongbao/types";
import { testNetwork, transfer, waitFor, type TestNetwork } from "../../test/network.ts";
import { createNodeLogger } from "./logger.ts";
import {
  ADMISSION_VERIFYING_TXS_MAX,
  ValidatorNode,
  type CommittedBlockInfo,
} from "./validator-node.ts";
import { decodeReceipts } from "./receipts.ts";
import { DataDirInUseError } from "./data-dir-lock.ts";

const HKD = "HKD" as CurrencyCode;

function balance(state: LedgerState, account: AccountId): bigint {
  return state.accounts.get(account)?.balances.get(HKD) ?? 0n;
}

describe("ValidatorNode", () => {
  let dir: string;
  let net: TestNetwork;
  let network: MemoryNetwork;
  const nodes: (ValidatorNode | undefined)[] = [];
  const fatal: unknown[] = [];

  async function open(index: number): Promise<ValidatorNode> {
    const node = await ValidatorNode.open(
      {
        genesis: net.genesis,
        nodeKey: net.nodeKeys[index]!,
        dataDir: join(dir, `node-${index}`),
        timeouts: { proposeMs: 500, prevoteMs: 200, precommitMs: 200 },
        commitDelayMs: 20,
        // Node 3 verifies on its event loop, in slices (no worker): both admission paths run.
        ...(index === 3 ? { verifierThreads: 0 } : {}),
      },
      {
        logger: createNodeLogger({ name: `node-${index}`, level: "silent" }),
        onFatal: (error) => fatal.push(error),
        createTransport: (options, log) => new MemoryTransport(options, { network, log }),
      },
    );
    return node;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "tongbao-runtime-"));
    net = testNetwork(4);
    network = new MemoryNetwork();
    for (let i = 0; i < 4; i++) nodes[i] = await open(i);
    for (const node of nodes) await node!.start();
  });

  after(async () => {
    for (const node of nodes) await node?.stop();
    await rm(dir, { recursive: true, force: true });
    assert.deepEqual(fatal, []);
  });

  test("payments submitted to different nodes commit once, with the same app hash everywhere", async () => {
    const [a, b] = net.accounts;
    const committed: CommittedBlockInfo[] = [];
    const unsubscribe = nodes[3]!.onCommitted((info) => committed.push(info));
    const payments = Array.from({ length: 40 }, (_, i) =>
      transfer(i % 2 === 0 ? a! : b!, (i % 2 === 0 ? b! : a!).accountId, 1n),
    );
    const results = await Promise.all(payments.map((bytes, i) => nodes[i % 4]!.submit(bytes)));
    assert.deepEqual(
      results.map((r) => r.status),
      payments.map(() => "accepted"),
    );
    const hashes = new Set(results.map((r) => (r.status === "accepted" ? r.hash : "")));
    await waitFor("every payment in a committed block", () => {
      const seen = committed.flatMap((c) => c.execution.receipts.map((r) => r.hash as string));
      return [...hashes].every((h) => seen.includes(h));
    });
    unsubscribe();
    const target = Math.max(...nodes.map((n) => n!.status().height));
    await waitFor("all nodes at the same height", () =>
      nodes.every((n) => n!.status().height >= target),
    );
    // Compare the stored app hash of one height at every node.
    const appHashes = nodes.map((n) => n!.storage.blocks.loadCommitted(target as never)!.appHash);
    for (const hash of appHashes) assert.deepEqual(hash, appHashes[0]);
    // 20 payments each way of 0.01: the balances are back where they started.
    const balances = await nodes[1]!.readCommitted((state) => [
      balance(state, a!.accountId),
      balance(state, b!.accountId),
    ]);
    assert.deepEqual(balances, [100_000n, 100_000n]);
    // Every receipt is stored with its block, once.
    const stored = [...nodes[0]!.storage.blocks.range(1 as never, target as never)].flatMap((s) =>
      decodeReceipts(s.receiptsBytes!).map((r) => r.hash as string),
    );
    for (const hash of hashes) assert.equal(stored.filter((h) => h === hash).length, 1);
  });

  test("a node verifying on its event loop admits what verifies, refuses the rest, and commits", async () => {
    const [a, b] = net.accounts;
    const good = transfer(a!, b!.accountId, 1n);
    const forged = transfer(b!, a!.accountId, 1n);
    forged[forged.length - 1]! ^= 1; // The last signature byte.
    const garbage = Uint8Array.of(1, 2, 3);
    const committed: string[] = [];
    const unsubscribe = nodes[0]!.onCommitted((info) =>
      committed.push(...info.execution.receipts.map((r) => r.hash as string)),
    );
    const results = await nodes[3]!.submitBatch([good, forged, garbage]);
    assert.deepEqual(
      results.map((r) => [r.status, "code" in r ? r.code : undefined]),
      [
        ["accepted", undefined],
        ["rejected", "signature_invalid"],
        ["rejected", "malformed_encoding"],
      ],
    );
    const hash = results[0]!.status === "accepted" ? results[0]!.hash : "";
    await waitFor("the payment committed, seen at another node", () => committed.includes(hash));
    unsubscribe();
    // Nothing is kept decoded once the pool is empty: the payment left with its block, and the
    // forged one, refused, was never kept.
    await waitFor("node 3's pool to empty", () => nodes[3]!.status().mempoolTxs === 0);
    assert.equal(nodes[3]!.status().decodedTxs, 0);
    // Back again, so the balances the other tests check end where they started.
    assert.equal((await nodes[3]!.submit(transfer(b!, a!.accountId, 1n))).status, "accepted");
  });

  test("a block is on disk before anyone hears of it, and its node's height moves only then", async () => {
    // commitBlock stores the block off the main thread; the node must act on it only after.
    const [a, b] = net.accounts;
    const seen: { height: number; stored: number; status: number; sameId: boolean }[] = [];
    const node = nodes[1]!;
    const unsubscribe = node.onCommitted((info) => {
      const stored = node.storage.blocks.loadCommitted(info.height as never);
      seen.push({
        height: info.height,
        stored: node.storage.blocks.lastHeight(),
        status: node.status().height,
        sameId: stored !== undefined && Buffer.from(stored.blockId).equals(info.blockId),
      });
    });
    const start = node.status().height;
    for (let i = 0; i < 6; i++) {
      // Back and forth: the balances the other tests check end where they started.
      await node.submit(
        i % 2 === 0 ? transfer(a!, b!.accountId, 1n) : transfer(b!, a!.accountId, 1n),
      );
      await waitFor("the next block", () => node.status().height > start + i);
    }
    unsubscribe();
    assert.ok(seen.length >= 3, `${seen.length} blocks seen`);
    for (const s of seen) {
      assert.equal(s.stored, s.height, `block ${s.height} stored before its listeners ran`);
      assert.equal(s.status, s.height, `status names ${s.height} once it is stored`);
      assert.ok(s.sameId, `the stored block ${s.height} is the one announced`);
    }
  });

  test("a resubmitted payment is answered from the committed state, not applied twice", async () => {
    const [, , c, d] = net.accounts;
    const bytes = transfer(c!, d!.accountId, 5n);
    assert.equal((await nodes[0]!.submit(bytes)).status, "accepted");
    await waitFor("the payment to commit", async () => {
      const result = await nodes[2]!.submit(bytes);
      return result.status === "committed";
    });
    const after = await nodes[2]!.readCommitted((state) => balance(state, d!.accountId));
    assert.equal(after, 100_005n);
    // Refused as committed, the resubmissions are not kept decoded.
    await waitFor("node 2's pool to empty", () => nodes[2]!.status().mempoolTxs === 0);
    assert.equal(nodes[2]!.status().decodedTxs, 0);
  });

  test("a batch its admission backlog cannot take is answered busy at once", async () => {
    // Admission refuses a whole batch that would take the transactions being checked past
    // ADMISSION_VERIFYING_TXS_MAX: the gateway gets that answer before decoding or checking it.
    let access!: Parameters<Parameters<ValidatorNode["attachGateway"]>[0]>[0];
    const gateway = await nodes[0]!.attachGateway(async (given) => {
      access = given;
      return { url: "http://127.0.0.1:0", close: async () => {} };
    });
    try {
      assert.equal(access.admissionBusy(100), undefined);
      const busy = access.admissionBusy(ADMISSION_VERIFYING_TXS_MAX + 1);
      assert.equal(busy?.length, ADMISSION_VERIFYING_TXS_MAX + 1);
      assert.deepEqual(
        new Set(busy!.map((r) => (r.status === "busy" ? `${r.code} ${r.retryAfterMs}` : r.status))),
        new Set([`mempool_full ${access.mempool.retryAfterMs}`]),
      );
    } finally {
      await gateway.close();
    }
  });

  test("a forged payment is checked once, by the gateway's early check, and refused", async () => {
    const [a, b] = net.accounts;
    const bytes = transfer(a!, b!.accountId, 1n).slice();
    bytes[bytes.length - 1]! ^= 0xff; // the signature's last byte
    const forged = decodeSignedTransaction(bytes);
    // The second node: the first has a gateway attached already, and a node takes one.
    let access!: Parameters<Parameters<ValidatorNode["attachGateway"]>[0]>[0];
    const gateway = await nodes[1]!.attachGateway(async (given) => {
      access = given;
      return { url: "http://127.0.0.1:0", close: async () => {} };
    });
    try {
      const before = nodes[1]!.status().signaturesVerified;
      await access.preverify([forged]);
      const result = await nodes[1]!.submit(bytes);
      assert.equal(result.status, "rejected", JSON.stringify(result));
      assert.equal(nodes[1]!.status().signaturesVerified - before, 1);
    } finally {
      await gateway.close();
    }
  });

  test("a second node on the same data directory is refused", async () => {
    await assert.rejects(open(0), DataDirInUseError);
  });

  test("a stopped node restores its ledger from its blocks and catches up", async () => {
    await nodes[2]!.stop();
    const stoppedAt = nodes[2]!.status().height;
    nodes[2] = undefined;
    const [a, b] = net.accounts;
    await nodes[0]!.submit(transfer(a!, b!.accountId, 7n));
    await waitFor("the others to move on", () => nodes[0]!.status().height > stoppedAt + 3);
    const restarted = await open(2);
    nodes[2] = restarted;
    assert.ok(restarted.status().height >= stoppedAt, "restored at least what it had stored");
    await restarted.start();
    const target = nodes[0]!.status().height;
    await waitFor("the restarted node to catch up", () => restarted.status().height >= target);
    assert.deepEqual(
      restarted.storage.blocks.loadCommitted(target as never)!.appHash,
      nodes[0]!.storage.blocks.loadCommitted(target as never)!.appHash,
    );
    const health = restarted.nodeHealth();
    assert.equal(health.peers.length, 3);
    await waitFor("links up again", () => restarted.nodeHealth().peers.every((p) => p.connected));
  });
});

describe("one ValidatorNode", () => {
  test("hands a gateway its parts, closes it on stop, and halts on an assertion", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tongbao-runtime-"));
    const net = testNetwork(1);
    const fatal: unknown[] = [];
    const node = await ValidatorNode.open(
      {
        genesis: net.genesis,
        nodeKey: net.nodeKeys[0]!,
        dataDir: join(dir, "node"),
        listen: { host: "127.0.0.1", port: 0 },
        commitDelayMs: 20,
      },
      {
        logger: createNodeLogger({ name: "solo", level: "silent" }),
        onFatal: (error) => fatal.push(error),
      },
    );
    try {
      await node.start();
      let closed = false;
      const gateway = await node.attachGateway(async (access) => {
        assert.equal(access.validator?.name, "node-0");
        assert.equal(access.self.role, "validator");
        assert.deepEqual(access.nodeHealth().peers, []);
        return {
          url: "http://127.0.0.1:0",
          close: async () => {
            closed = true;
          },
        };
      });
      assert.equal(gateway.url, "http://127.0.0.1:0");
      const access = node.access();
      const [a, b] = net.accounts;
      const heights: number[] = [];
      access.onCommitted((block) => heights.push(block.height));
      const result = await access.submit(transfer(a!, b!.accountId, 3n));
      assert.equal(result.status, "accepted");
      await waitFor("the payment to commit", async () =>
        access.readCommitted((state) => balance(state, b!.accountId) === 100_003n),
      );
      assert.ok(heights.length > 0 && node.nodeHealth().lastCommitMs !== null);

      // A broken invariant anywhere in the commit path halts the node.
      access.onCommitted(() => {
        throw new AssertionError("a listener found a broken invariant");
      });
      await waitFor("the node to halt", () => fatal.length > 0);
      assert.ok(fatal[0] instanceof AssertionError);
      const halted = node.status().height;
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(node.status().height, halted, "a halted node commits nothing more");
      await node.stop();
      assert.ok(closed, "the gateway was closed");
    } finally {
      await node.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** A transport that silently loses the consensus frames `lose` picks, as a dying link would. */
class LossyTransport implements Transport {
  constructor(
    private readonly inner: Transport,
    private readonly lose: (channel: Channel, bytes: Uint8Array) => boolean,
  ) {}
  get self() {
    return this.inner.self;
  }
  start() {
    return this.inner.start();
  }
  stop() {
    return this.inner.stop();
  }
  send(peer: PeerId, channel: Channel, bytes: Uint8Array): SendOutcome {
    return this.lose(channel, bytes) ? "queued" : this.inner.send(peer, channel, bytes);
  }
  broadcast(channel: Channel, bytes: Uint8Array): ReadonlyMap<PeerId, SendOutcome> {
    return this.lose(channel, bytes) ? new Map() : this.inner.broadcast(channel, bytes);
  }
  onMessage(handler: Parameters<Transport["onMessage"]>[0]) {
    return this.inner.onMessage(handler);
  }
  onPeerConnected(handler: Parameters<Transport["onPeerConnected"]>[0]) {
    return this.inner.onPeerConnected(handler);
  }
  onPeerDisconnected(handler: Parameters<Transport["onPeerDisconnected"]>[0]) {
    return this.inner.onPeerDisconnected(handler);
  }
  peers() {
    return this.inner.peers();
  }
}

/** The height of a precommit for a block (not nil) in a consensus frame, else undefined. */
function blockPrecommitHeight(channel: Channel, bytes: Uint8Array): number | undefined {
  if (channel !== Channel.Consensus) return undefined;
  const message = decodeMessage(bytes);
  if (message.kind !== "vote") return undefined;
  const { vote } = message.signed;
  return vote.type === "precommit" && vote.blockId !== null ? vote.height : undefined;
}

/**
 * `count` validators of a fresh four-validator network (the rest never started) on the
 * in-memory twin, each in its own data directory; `wrap` may replace a node's transport. `run`
 * gets them started; they are stopped and their directories removed after, and no node may
 * have halted.
 */
async function withValidators(
  count: number,
  options: {
    readonly timeouts: { proposeMs: number; prevoteMs: number; precommitMs: number };
    readonly wrap?: (index: number, inner: Transport) => Transport;
  },
  run: (nodes: readonly ValidatorNode[], net: TestNetwork) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "tongbao-runtime-"));
  const net = testNetwork(4);
  const network = new MemoryNetwork();
  const fatal: unknown[] = [];
  const nodes: ValidatorNode[] = [];
  try {
    for (let i = 0; i < count; i++) {
      nodes.push(
        await ValidatorNode.open(
          {
            genesis: net.genesis,
            nodeKey: net.nodeKeys[i]!,
            dataDir: join(dir, `node-${i}`),
            timeouts: options.timeouts,
            commitDelayMs: 20,
          },
          {
            logger: createNodeLogger({ name: `node-${i}`, level: "silent" }),
            onFatal: (error) => fatal.push(error),
            createTransport: (transportOptions, log) => {
              const inner = new MemoryTransport(transportOptions, { network, log });
              return options.wrap?.(i, inner) ?? inner;
            },
          },
        ),
      );
    }
    for (const node of nodes) await node.start();
    await run(nodes, net);
    assert.deepEqual(fatal, []);
  } finally {
    for (const node of nodes) await node.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

describe("validators left behind by the only one that committed", () => {
  // Goal: with one validator down, a validator that committed a height whose last precommit
  // the other two never received must not leave them stuck: neither height has a quorum
  // otherwise. Method: four validators, the fourth never started; the first loses its own
  // precommits for a block at height 3 on the way out, as a link that drops would; the other
  // two must still get past height 3.
  test("get the committed block from it and go on", async () => {
    const stuckHeight = 3;
    const wrap = (i: number, inner: Transport) =>
      i !== 0
        ? inner
        : // Its precommits for a block at that height; nil precommits still pass, so rounds
          // without a proposal (the fourth validator's) move on as usual.
          new LossyTransport(
            inner,
            (channel, bytes) => blockPrecommitHeight(channel, bytes) === stuckHeight,
          );
    const timeouts = { proposeMs: 300, prevoteMs: 100, precommitMs: 100 };
    await withValidators(3, { timeouts, wrap }, async (nodes) => {
      await waitFor("the first validator past the lost precommits", () => {
        return nodes[0]!.status().height >= stuckHeight;
      });
      await waitFor("the other two past it too", () =>
        nodes.every((node) => node.status().height >= stuckHeight + 2),
      );
      assert.deepEqual(
        nodes[1]!.storage.blocks.loadCommitted(stuckHeight as never)!.blockId,
        nodes[0]!.storage.blocks.loadCommitted(stuckHeight as never)!.blockId,
      );
    });
  });
});

describe("a proposal carrying payments a validator has not seen", () => {
  // Goal: the signatures of a proposal's transactions that never reached a validator by gossip
  // are checked by its verifier threads before its engine takes the proposal, and the block
  // still commits everywhere with one app hash. Method: four validators; the second one's
  // gossip is lost on the way out, so the first meets the payments submitted to the second only
  // in proposals; its status counts the signatures it checked for proposals.
  test("has them checked by the verifier threads, and commits", async () => {
    const wrap = (i: number, inner: Transport) =>
      i !== 1 ? inner : new LossyTransport(inner, (channel) => channel === Channel.Transactions);
    const timeouts = { proposeMs: 500, prevoteMs: 200, precommitMs: 200 };
    await withValidators(4, { timeouts, wrap }, async (nodes, net) => {
      const [a, b] = net.accounts;
      const payments = Array.from({ length: 30 }, () => transfer(a!, b!.accountId, 1n));
      const results = await Promise.all(payments.map((bytes) => nodes[1]!.submit(bytes)));
      assert.deepEqual(
        results.map((r) => r.status),
        payments.map(() => "accepted"),
      );
      await waitFor("every payment committed at the first validator", async () => {
        const balance = await nodes[0]!.readCommitted((state) =>
          state.accounts.get(b!.accountId)?.balances.get(HKD),
        );
        return balance === 100_000n + 30n;
      });
      assert.ok(
        nodes[0]!.status().proposalSignaturesVerified > 0,
        "the first validator checked some of them for a proposal",
      );
      const height = Math.min(...nodes.map((n) => n.status().height));
      const appHashes = nodes.map((n) => n.storage.blocks.loadCommitted(height as never)!.appHash);
      for (const hash of appHashes) assert.deepEqual(hash, appHashes[0]);
    });
  });
});
