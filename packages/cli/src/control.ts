/**
 * The control channel of a node process started by a parent (the devnet, tests, benchmarks):
 * messages over Node's IPC channel, opened with `serialization: "advanced"` so that
 * transactions travel as bytes. It submits transactions through the same admission
 * path the API uses and reads what the node has stored; it is not a public interface, and a
 * node started from a shell has no such channel.
 *
 * Requests carry an `id`; each gets one reply with the same id. After `subscribe`, the node
 * also sends a `committed` event per stored block.
 */
import type { AdmitResult } from "@tongbao/mempool";
import { decodeReceipts, type ValidatorNode } from "@tongbao/node";
import { bytesToHex } from "@tongbao/std";
import type { AccountId, CurrencyCode, Height } from "@tongbao/types";

export type ControlRequest =
  | { readonly id: number; readonly op: "submit"; readonly txs: readonly Uint8Array[] }
  | { readonly id: number; readonly op: "status" }
  | {
      readonly id: number;
      readonly op: "balances";
      readonly accounts: readonly string[];
      readonly currency: string;
    }
  | { readonly id: number; readonly op: "blocks"; readonly from: number; readonly to: number }
  | { readonly id: number; readonly op: "subscribe" };

export interface StoredBlockSummary {
  readonly height: number;
  readonly blockId: string;
  readonly appHash: string;
  /** [transaction hash, ledger result code] in block order. */
  readonly receipts: ReadonlyArray<readonly [string, number]>;
}

export interface CommittedEvent {
  readonly event: "committed";
  readonly height: number;
  readonly appHash: string;
  readonly timestampMs: number;
  readonly receipts: ReadonlyArray<readonly [string, number]>;
}

export type ControlReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** Blocks per `blocks` request: keeps one reply to a few MiB. */
export const CONTROL_BLOCKS_MAX = 1_000;

export interface ControlChannel {
  on(event: "message", listener: (message: unknown) => void): unknown;
  send(message: unknown): unknown;
}

/** Answers control requests from `channel` with `node`. */
export function serveControl(node: ValidatorNode, channel: ControlChannel): void {
  let subscribed = false;
  node.onCommitted((block) => {
    if (!subscribed) return;
    const event: CommittedEvent = {
      event: "committed",
      height: block.height,
      appHash: bytesToHex(block.appHash),
      timestampMs: block.timestampMs,
      receipts: block.execution.receipts.map((r) => [r.hash, r.code] as const),
    };
    channel.send(event);
  });
  channel.on("message", (message) => {
    const request = message as ControlRequest;
    const reply = (result: unknown) => channel.send({ id: request.id, ok: true, result });
    const refuse = (error: unknown) =>
      channel.send({ id: request.id, ok: false, error: (error as Error).message ?? String(error) });
    try {
      switch (request.op) {
        case "submit":
          node.submitBatch(request.txs).then((results: AdmitResult[]) => reply(results), refuse);
          break;
        case "status":
          reply(node.status());
          break;
        case "balances":
          node
            .readCommitted((state) =>
              request.accounts.map((id) =>
                (
                  state.accounts
                    .get(id as AccountId)
                    ?.balances.get(request.currency as CurrencyCode) ?? 0n
                ).toString(),
              ),
            )
            .then(reply, refuse);
          break;
        case "blocks": {
          const last = Math.min(request.to, request.from + CONTROL_BLOCKS_MAX - 1);
          const blocks: StoredBlockSummary[] = [];
          for (const stored of node.storage.blocks.range(request.from as Height, last as Height)) {
            blocks.push({
              height: stored.height,
              blockId: bytesToHex(stored.blockId),
              appHash: bytesToHex(stored.appHash),
              receipts: decodeReceipts(stored.receiptsBytes ?? new Uint8Array()).map(
                (r) => [r.hash, r.code] as const,
              ),
            });
          }
          reply(blocks);
          break;
        }
        case "subscribe":
          subscribed = true;
          reply(true);
          break;
        default:
          refuse(
            new Error(`unknown control op ${JSON.stringify((request as { op?: unknown }).op)}`),
          );
      }
    } catch (error) {
      refuse(error);
    }
  });
}
