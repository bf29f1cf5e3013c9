// Goal: each block's payments are stamped with the moment the first gateway announced it, once,
// whichever gateways announce it later; a height missed by every gateway is read and reported
// (in height order) rather than lost. Method: fake gateways — a WebSocket class and a fetch that
// serve scripted block events and block contents — and a fake clock.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createClient, type SocketLike } from "@tongbao/client";
import { CommitStream, type CommittedBlock } from "./commit-stream.ts";

class FakeGateway {
  readonly sockets: SocketLike[] = [];
  readonly reads: number[] = [];
  constructor(readonly url: string) {}

  client() {
    const gateway = this;
    class Socket implements SocketLike {
      onopen: ((event: unknown) => void) | null = null;
      onmessage: ((event: { data: unknown }) => void) | null = null;
      onerror: ((event: unknown) => void) | null = null;
      onclose: ((event: { code: number; reason: string }) => void) | null = null;
      constructor() {
        gateway.sockets.push(this);
        setImmediate(() => this.onopen?.({}));
      }
      send(): void {
        setImmediate(() =>
          this.onmessage?.({
            data: JSON.stringify({ type: "subscribed", topic: { kind: "blocks" } }),
          }),
        );
      }
      close(): void {
        setImmediate(() => this.onclose?.({ code: 1000, reason: "" }));
      }
    }
    const fetch = async (input: string | URL | Request) => {
      const height = Number(String(input).split("/").pop());
      gateway.reads.push(height);
      const body = {
        transactions: [
          { hash: `h${height}a`, code: 0 },
          { hash: `h${height}b`, code: 203 },
        ],
      };
      return new Response(JSON.stringify(body), { status: 200 });
    };
    return createClient({
      url: this.url,
      chainId: "test",
      fetch: fetch as typeof globalThis.fetch,
      WebSocket: Socket,
    });
  }

  announce(height: number): void {
    for (const socket of this.sockets) {
      socket.onmessage?.({ data: JSON.stringify({ type: "block", height, transactions: 2 }) });
    }
  }
}

test("first announcement wins; gaps are read in order", async () => {
  const a = new FakeGateway("http://a.test");
  const b = new FakeGateway("http://b.test");
  let nowMs = 0;
  const blocks: CommittedBlock[] = [];
  const stream = new CommitStream({
    gateways: [
      { name: "a", client: a.client() },
      { name: "b", client: b.client() },
    ],
    onBlock: (block) => blocks.push(block),
    nowMs: () => nowMs,
  });
  await stream.start();
  nowMs = 100;
  b.announce(5);
  nowMs = 130;
  a.announce(5); // later: ignored
  nowMs = 400;
  a.announce(7); // 6 was never announced: read as a gap, stamped at its read
  await stream.idle();
  await stream.stop();
  assert.deepEqual(
    blocks.map((block) => [block.height, block.atMs, block.gateway]),
    [
      [5, 100, "b"],
      [6, 400, "a"],
      [7, 400, "a"],
    ],
  );
  assert.deepEqual(blocks[0]!.hashes, ["h5a", "h5b"]);
  assert.deepEqual(blocks[0]!.codes, [0, 203]);
  assert.deepEqual(b.reads, [5]);
  assert.deepEqual(a.reads, [6, 7]);
  assert.equal(stream.gapsFilled, 1);
});
