// Goal: a genesis observer (the regulator's node) follows the chain of four validators without
// ever voting — it commits the same blocks and app hashes, serves the API with role "observer"
// and forwards payments submitted at its gateway to the validators, which commit them; a vote
// signed with its key never reaches a validator's engine; restarted from its data directory, it
// catches up with the blocks committed while it was down.
// Method: four validators and one observer in one process over the in-memory p2p twin, each
// with its own LMDB directory in a temp dir; the observer's transport wrapped to record what it
// sends; validators' warnings logged to files read back; conditions awaited with generous
// deadlines (no timing assertions).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accountIdFromPublicKey, KeyType } from "@tongbao/codec";
import { encodeMessage, encodeVote, signingBytes, type Vote } from "@tongbao/consensus";
import {
  Channel,
  MemoryNetwork,
  MemoryTransport,
  type PeerId,
  type SendOutcome,
  type Transport,
} from "@tongbao/p2p";
import { bytesToHex } from "@tongbao/std";
import type { Height, Round } from "@tongbao/types";
import { testNetwork, transfer, waitFor, type TestNetwork } from "../../test/network.ts";
import { startApiGateway } from "../gateway.ts";
import { nodeSigner } from "./consensus-keys.ts";
import { createNodeLogger } from "./logger.ts";
import { ValidatorNode } from "./validator-node.ts";

/** Passes everything through, remembering the channel of each frame this node sends. */
class RecordingTransport implements Transport {
  readonly sentChannels: Channel[] = [];
  constructor(readonly inner: Transport) {}
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
    this.sentChannels.push(channel);
    return this.inner.send(peer, channel, bytes);
  }
  broadcast(channel: Channel, bytes: Uint8Array): ReadonlyMap<PeerId, SendOutcome> {
    this.sentChannels.push(channel);
    return this.inner.broadcast(channel, bytes);
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

interface Json {
  readonly [key: string]: unknown;
}

async function getJson(url: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Json };
}

describe("an observer beside four validators", { concurrency: false }, () => {
  let dir: string;
  let net: TestNetwork;
  const network = new MemoryNetwork();
  const validators: ValidatorNode[] = [];
  let observer: ValidatorNode | undefined;
  let observerTransport: RecordingTransport | undefined;
  const fatal: unknown[] = [];
  const logFile = (name: string) => join(dir, `${name}.log`);

  async function openObserver(): Promise<ValidatorNode> {
    return ValidatorNode.open(
      {
        genesis: net.genesis,
        nodeKey: net.observerKeys[0]!,
        dataDir: join(dir, "observer-0"),
        timeouts: { proposeMs: 500, prevoteMs: 200, precommitMs: 200 },
        commitDelayMs: 20,
      },
      {
        logger: createNodeLogger({ name: "observer-0", level: "silent" }),
        onFatal: (error) => fatal.push(error),
        createTransport: (options, log) => {
          observerTransport = new RecordingTransport(
            new MemoryTransport(options, { network, log }),
          );
          return observerTransport;
        },
      },
    );
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "tongbao-observer-"));
    net = testNetwork(4, 4, { observers: 1 });
    for (let i = 0; i < 4; i++) {
      validators.push(
        await ValidatorNode.open(
          {
            genesis: net.genesis,
            nodeKey: net.nodeKeys[i]!,
            dataDir: join(dir, `node-${i}`),
            timeouts: { proposeMs: 500, prevoteMs: 200, precommitMs: 200 },
            commitDelayMs: 20,
          },
          {
            logger: createNodeLogger({
              name: `node-${i}`,
              level: "warn",
              file: logFile(`node-${i}`),
            }),
            onFatal: (error) => fatal.push(error),
            createTransport: (options, log) => new MemoryTransport(options, { network, log }),
          },
        ),
      );
    }
    observer = await openObserver();
    for (const node of [...validators, observer]) await node.start();
  });

  after(async () => {
    for (const node of [...validators, observer]) await node?.stop();
    await rm(dir, { recursive: true, force: true });
    assert.deepEqual(fatal, []);
  });

  test("commits the same blocks and app hashes as the validators, and never votes", async () => {
    assert.equal(observer!.status().role, "observer");
    assert.equal(observer!.validator, undefined);
    const [a, b] = net.accounts;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        validators[i % 4]!.submit(
          transfer(i % 2 === 0 ? a! : b!, (i % 2 === 0 ? b! : a!).accountId, 1n),
        ),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      results.map(() => "accepted"),
    );
    const target = Math.max(...validators.map((v) => v.status().height)) + 2;
    await waitFor("the observer a few blocks on", () => observer!.status().height >= target);
    for (let height = 1; height <= target; height++) {
      const seen = observer!.storage.blocks.loadCommitted(height as Height)!;
      for (const validator of validators) {
        await waitFor(`validator at ${height}`, () => validator.status().height >= height);
        const stored = validator.storage.blocks.loadCommitted(height as Height)!;
        assert.deepEqual(seen.blockId, stored.blockId, `block ${height}`);
        assert.deepEqual(seen.appHash, stored.appHash, `app hash ${height}`);
      }
    }
    // It signed nothing: no safety record, no consensus frame sent.
    assert.equal(observer!.storage.safety.load(), undefined);
    assert.ok(!observerTransport!.sentChannels.includes(Channel.Consensus));
    // Validators list it among their peers; it lists the validators only.
    const health = validators[0]!.nodeHealth();
    assert.deepEqual(
      health.peers.map((p) => [p.name, p.role]),
      [
        ["node-1", "validator"],
        ["node-2", "validator"],
        ["node-3", "validator"],
        ["observer-0", "observer"],
      ],
    );
    assert.deepEqual(
      observer!.nodeHealth().peers.map((p) => p.role),
      ["validator", "validator", "validator", "validator"],
    );
  });

  test("its gateway says it is an observer, is ready, and forwards a payment that commits", async () => {
    const gateway = await observer!.attachGateway((access) =>
      startApiGateway(access, { host: "127.0.0.1", port: 0 }),
    );
    const { url } = gateway;
    const { body: status } = await getJson(`${url}/v1/status`);
    assert.deepEqual(status["node"], {
      name: "observer-0",
      role: "observer",
      institution: "regulator",
    });
    assert.ok((status["validators"] as Json[]).every((v) => v["self"] === false));
    await waitFor(
      "the observer's gateway to be ready",
      async () => (await fetch(`${url}/readyz`)).ok,
    );

    const [, , payer, payee] = net.accounts;
    const to = accountIdFromPublicKey(KeyType.Ed25519, payee!.publicKey);
    const bytes = transfer(payer!, to, 4_00n);
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
    // The validators decided it: every one of them holds it.
    for (const validator of validators) {
      await waitFor("the validator to hold the payment", async () =>
        validator.readCommitted(
          (state) => state.accounts.get(to)?.balances.get("HKD" as never) === 100_400n,
        ),
      );
    }
  });

  test("a vote signed with its key never reaches a validator's engine", async () => {
    const height = observer!.status().height + 1;
    // It claims validator 0's seat: only validator 0's key can sign for it.
    const vote: Vote = {
      type: "precommit",
      height: height as Height,
      round: 0 as Round,
      blockId: new Uint8Array(32).fill(7),
      validatorIndex: 0,
    };
    const signature = nodeSigner(net.observerKeys[0]!).sign(
      signingBytes(net.genesis.chainId, "vote", encodeVote(vote)),
    );
    const forged = encodeMessage({ kind: "vote", signed: { vote, signature } });
    observerTransport!.inner.broadcast(Channel.Consensus, forged);
    await waitFor("every validator to report the dropped frame", async () => {
      const logs = await Promise.all(
        validators.map((_, i) => readFile(logFile(`node-${i}`), "utf8").catch(() => "")),
      );
      return logs.every((text) => text.includes("observers do not vote"));
    });
    // Consensus goes on as before.
    const now = validators[0]!.status().height;
    await waitFor("more blocks", () => validators.every((v) => v.status().height > now + 1));
  });

  test("restarted from its data directory, it catches up", async () => {
    await observer!.stop();
    const stoppedAt = observer!.status().height;
    observer = undefined;
    const [a, b] = net.accounts;
    await validators[1]!.submit(transfer(a!, b!.accountId, 9n));
    await waitFor("the validators to move on", () =>
      validators.every((v) => v.status().height > stoppedAt + 3),
    );
    const restarted = await openObserver();
    observer = restarted;
    assert.ok(restarted.status().height >= stoppedAt, "restored what it had stored");
    await restarted.start();
    const target = validators[0]!.status().height;
    await waitFor("the observer to catch up", () => restarted.status().height >= target);
    assert.deepEqual(
      restarted.storage.blocks.loadCommitted(target as Height)!.appHash,
      validators[0]!.storage.blocks.loadCommitted(target as Height)!.appHash,
    );
    assert.equal(restarted.storage.safety.load(), undefined);
  });
});
