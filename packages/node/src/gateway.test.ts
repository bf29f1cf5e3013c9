// Goal: startApiGateway on its own — over real validators in this process — serves the public
// API on 127.0.0.1: health and readiness from the node's links and commits, status with each
// validator's health, a payment submitted through it committed and indexed, and it closes with
// its node.
// Method: four ValidatorNodes over the in-memory p2p twin with LMDB in a temp dir; the gateway
// attached to one of them on an ephemeral port; plain fetch against it. Conditions are awaited
// with generous deadlines (no timing assertions).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesToHex } from "@tongbao/std";
import { MemoryNetwork, MemoryTransport } from "@tongbao/p2p";
import { accountIdFromPublicKey, KeyType } from "@tongbao/codec";
import { decodeSignedTransaction } from "@tongbao/ledger";
import type { StoredBlock } from "@tongbao/storage";
import { testNetwork, transfer, waitFor, type TestNetwork } from "../test/network.ts";
import { createNodeLogger } from "./runtime/logger.ts";
import { ValidatorNode } from "./runtime/validator-node.ts";
import { startApiGateway } from "./gateway.ts";

interface Json {
  readonly [key: string]: unknown;
}

async function getJson(url: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Json };
}

describe("startApiGateway", () => {
  let dir: string;
  let net: TestNetwork;
  const network = new MemoryNetwork();
  const nodes: ValidatorNode[] = [];
  let url: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "tongbao-gateway-"));
    net = testNetwork(4);
    for (let i = 0; i < 4; i++) {
      nodes.push(
        await ValidatorNode.open(
          {
            genesis: net.genesis,
            nodeKey: net.nodeKeys[i]!,
            dataDir: join(dir, `node-${i}`),
            timeouts: { proposeMs: 500, prevoteMs: 200, precommitMs: 200 },
            commitDelayMs: 20,
          },
          {
            logger: createNodeLogger({ name: `node-${i}`, level: "silent" }),
            createTransport: (options, log) => new MemoryTransport(options, { network, log }),
          },
        ),
      );
    }
    for (const node of nodes) await node.start();
    const gateway = await nodes[0]!.attachGateway((access) =>
      startApiGateway(access, { host: "127.0.0.1", port: 0 }),
    );
    url = gateway.url;
  });

  after(async () => {
    for (const node of nodes) await node.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("listens on an ephemeral loopback port", () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(url, "http://127.0.0.1:0");
  });

  test("is live, and ready once the node is linked to a quorum and committing", async () => {
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    await waitFor("the gateway to be ready", async () => (await fetch(`${url}/readyz`)).ok);
  });

  test("reports every validator's health, marking its own node", async () => {
    await waitFor("all peers linked", async () => {
      const { body } = await getJson(`${url}/v1/status`);
      const validators = body["validators"] as Json[];
      return validators.every((v) => v["connected"] === true);
    });
    const { status, body } = await getJson(`${url}/v1/status`);
    assert.equal(status, 200);
    const validators = body["validators"] as Json[];
    assert.deepEqual(
      validators.map((v) => [v["name"], v["self"]]),
      [
        ["node-0", true],
        ["node-1", false],
        ["node-2", false],
        ["node-3", false],
      ],
    );
    assert.equal(
      validators[1]!["publicKey"],
      bytesToHex(net.genesis.validators[1]!.publicKey),
      "public keys come from genesis",
    );
  });

  test("admits a payment through the node, which commits it; the API then serves it", async () => {
    const [payer, payee] = net.accounts;
    const to = accountIdFromPublicKey(KeyType.Ed25519, payee!.publicKey);
    const bytes = transfer(payer!, to, 12_50n);
    const submitted = await fetch(`${url}/v1/transactions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ transaction: bytesToHex(bytes) }),
    });
    assert.equal(submitted.status, 202, await submitted.clone().text());
    const { hash } = (await submitted.json()) as { hash: string };
    await waitFor("the payment to commit", async () => {
      const { body } = await getJson(`${url}/v1/transactions/${hash}`);
      return body["status"] === "committed";
    });
    const { body: tx } = await getJson(`${url}/v1/transactions/${hash}`);
    assert.equal(tx["code"], 0);
    const { body: account } = await getJson(`${url}/v1/accounts/${to}`);
    assert.deepEqual(account["balances"], [{ currency: "HKD", amount: "1012.50" }]);
    // Every validator holds the payment, not only the one behind the gateway.
    for (const node of nodes) {
      await waitFor("every node to commit the payment", () => node.status().height >= 1);
    }
  });

  test("while its block is being stored, a payment reads as committed once stored, never unknown", async () => {
    // The node drops a block's transactions from its mempool when it executes the block, and
    // indexes the block once it is on disk: a lookup in between must wait, not answer unknown.
    const [, , payer, payee] = net.accounts;
    const to = accountIdFromPublicKey(KeyType.Ed25519, payee!.publicKey);
    const bytes = transfer(payer!, to, 1n);
    const { hash } = decodeSignedTransaction(bytes);
    const node = nodes[0]!;
    const storage = node.storage;
    const commitBlock = storage.commitBlock.bind(storage);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    // Receipts are the transactions' hashes, each followed by its code and operation index.
    const RECEIPT_BYTES = 35;
    const holds = (block: StoredBlock) => {
      const receipts = block.receiptsBytes ?? new Uint8Array(0);
      for (let at = 0; at + RECEIPT_BYTES <= receipts.length; at += RECEIPT_BYTES) {
        if (bytesToHex(receipts.subarray(at, at + 32)) === hash) return true;
      }
      return false;
    };
    storage.commitBlock = (block: StoredBlock) => {
      const stored = commitBlock(block);
      if (holding || !holds(block)) return stored;
      holding = true; // The payment's block: executed, out of the mempool, not yet on disk.
      return released.then(() => stored);
    };
    try {
      const submitted = await fetch(`${url}/v1/transactions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ transaction: bytesToHex(bytes) }),
      });
      assert.equal(submitted.status, 202, await submitted.clone().text());
      await waitFor("the payment's block to be held on its way to disk", () => holding);
      const lookup = getJson(`${url}/v1/transactions/${hash}`);
      // Let the request reach the services while the block is held (not a timing assertion:
      // the answer is checked whatever the moment it was given).
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      const { body } = await lookup;
      assert.equal(body["status"], "committed", JSON.stringify(body));
    } finally {
      release();
      storage.commitBlock = commitBlock;
    }
  });

  test("is not ready once the node has lost its quorum, and says why", async () => {
    for (const node of nodes.slice(2)) await node.stop();
    await waitFor("readiness to drop", async () => (await fetch(`${url}/readyz`)).status === 503);
    const { body } = await getJson(`${url}/readyz`);
    const error = body["error"] as Json;
    assert.equal(error["code"], "not_ready");
    assert.match(String(error["message"]), /2 of 4 voting power/);
    assert.equal((await fetch(`${url}/healthz`)).status, 200, "still live");
  });

  test("closes with its node", async () => {
    await nodes[0]!.stop();
    await assert.rejects(fetch(`${url}/healthz`));
  });
});
