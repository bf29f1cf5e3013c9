/**
 * Support for the multi-process tests: a devnet of real `tongbao node start` processes in a
 * temp dir on free ports, payments signed by funded accounts, and a reader that follows each
 * node's stored blocks and receipts over the control channel.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEVNET_NODE_SETTINGS,
  Devnet,
  Signer,
  freePorts,
  prepareDevnet,
  type NodeProcess,
  type PreparedDevnet,
  type StoredBlockSummary,
} from "@tongbao/cli";
import type { AdmitResult } from "@tongbao/mempool";

/** Each load account starts with this many HKD minor units. */
export const LOAD_BALANCE_MINOR = 1_000_000n;

export interface TestDevnet {
  readonly dir: string;
  readonly prepared: PreparedDevnet;
  readonly devnet: Devnet;
  readonly senders: readonly Signer[];
  /** The account every load payment pays. */
  readonly receiver: string;
  close(): Promise<void>;
}

export async function startTestDevnet(options: {
  validators: number;
  senders: number;
  /** Also run the regulator's observer node (last in `devnet.nodes`). */
  observer?: boolean;
  /** Give every node a public API on a free loopback port (`NodeProcess.apiUrl`). */
  api?: boolean;
}): Promise<TestDevnet> {
  const dir = await mkdtemp(join(tmpdir(), "tongbao-e2e-"));
  const prepared = await prepareDevnet({
    dir,
    validators: options.validators,
    ports: await freePorts(options.validators),
    observer: options.observer === true,
    node: DEVNET_NODE_SETTINGS,
    extraAccounts: {
      count: options.senders + 1,
      institution: "hk-emoney",
      balances: { HKD: "10000.00" },
    },
  });
  const devnet = new Devnet(prepared, { statusMs: 200, api: options.api === true });
  await devnet.startAll();
  const [receiverKey, ...senderKeys] = prepared.extraKeys;
  return {
    dir,
    prepared,
    devnet,
    senders: senderKeys.map((key) => new Signer(prepared.genesis.chainId, key)),
    receiver: receiverKey!.accountId,
    close: async () => {
      await devnet.stopAll();
      if (process.env["TONGBAO_E2E_KEEP"] === "1") {
        process.stderr.write(`e2e: kept ${dir}\n`);
      } else {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Polls `condition` until it holds; fails only if it never does within `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface Payment {
  readonly hash: string;
  readonly bytes: Uint8Array;
  readonly sender: number;
}

/** `perSender` transfers of 1 minor unit from each sender to the receiver. */
export function makePayments(net: TestDevnet, perSender: number): Payment[] {
  const out: Payment[] = [];
  for (let round = 0; round < perSender; round++) {
    for (const [sender, signer] of net.senders.entries()) {
      const { bytes, signed } = signer.transfer(net.receiver as never, "HKD", 1n);
      out.push({ hash: signed.hash, bytes, sender });
    }
  }
  return out;
}

/** Submits to `node`; a node that is down answers nothing (undefined). */
export async function trySubmit(
  node: NodeProcess,
  payments: readonly Payment[],
): Promise<AdmitResult[] | undefined> {
  if (!node.running) return undefined;
  try {
    return await node.submit(payments.map((p) => p.bytes));
  } catch {
    return undefined;
  }
}

/** Follows one node's stored chain: block ids, app hashes and receipts by height. */
export class ChainReader {
  readonly blocks: StoredBlockSummary[] = [];
  /** Transaction hash → heights it has a receipt at (more than one would be a double apply). */
  readonly receipts = new Map<string, { heights: number[]; code: number }>();

  constructor(readonly node: NodeProcess) {}

  get height(): number {
    return this.blocks.length;
  }

  /** Reads the blocks stored since the last call. */
  async sync(): Promise<void> {
    const { height } = await this.node.status();
    while (this.blocks.length < height) {
      const from = this.blocks.length + 1;
      const batch = await this.node.blocks(from, height);
      for (const block of batch) {
        if (block.height !== this.blocks.length + 1) throw new Error("blocks out of order");
        this.blocks.push(block);
        for (const [hash, code] of block.receipts) {
          const seen = this.receipts.get(hash);
          if (seen === undefined) this.receipts.set(hash, { heights: [block.height], code });
          else seen.heights.push(block.height);
        }
      }
    }
  }
}

/** Throws unless the readers agree on every block they both hold (no fork). */
export function assertSameChain(readers: readonly ChainReader[]): number {
  const common = Math.min(...readers.map((r) => r.height));
  for (let h = 1; h <= common; h++) {
    const [first, ...rest] = readers.map((r) => r.blocks[h - 1]!);
    for (const other of rest) {
      if (other.blockId !== first!.blockId || other.appHash !== first!.appHash) {
        throw new Error(`fork at height ${h}: ${first!.blockId} / ${other.blockId}`);
      }
    }
  }
  return common;
}

/** Each node's status and the warnings and errors of its log, to explain a failure. */
export async function diagnose(net: TestDevnet): Promise<string> {
  const parts: string[] = [];
  for (const node of net.devnet.nodes) {
    const status = node.running
      ? await node.status().then(
          (s) =>
            `height ${s.height} round ${s.round} mempool ${s.mempoolTxs} peers ${s.peers.filter((p) => p.connected).length}`,
          (error: Error) => error.message,
        )
      : `down (exit ${node.exitCode})`;
    const text = await readFile(join(net.dir, node.name, "node.log"), "utf8").catch(() => "");
    const notable = text
      .split("\n")
      .filter((line) => /"level":(40|50|60)/.test(line))
      .slice(-8);
    parts.push(`${node.name}: ${status}\n  ${notable.join("\n  ")}`);
  }
  return parts.join("\n");
}

/** The last lines of a node's log, to explain a failure. */
export async function logTail(net: TestDevnet, name: string, lines = 20): Promise<string> {
  const text = await readFile(join(net.dir, name, "node.log"), "utf8").catch(() => "");
  return text.trim().split("\n").slice(-lines).join("\n");
}
