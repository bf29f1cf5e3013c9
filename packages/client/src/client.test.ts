// Goal: the SDK pays, reads and subscribes against a real API server, and its errors say what to
// fix: insufficient funds with both amounts, rejections with the admission code, a full mempool
// with its wait, timeouts, unreachable gateways, unknown currencies and bad amounts.
// Method: a real server on 127.0.0.1 (ephemeral port) over the API tests' single-validator chain;
// a block is produced whenever the mempool holds something, as a one-validator network would.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { createApiServer } from "@tongbao/api/server";
import { bytesToHex } from "@tongbao/std";
import { TestChain, keys, type ChainOptions } from "../../api/test/chain.ts";
import { CHAIN_ID, signingKey } from "../../mempool/test/helpers.ts";
import {
  OPEN_ACCOUNT_PROOF_PURPOSE,
  openAccountProofPayload,
  ServiceError,
  type DeskServices,
  type OpenAccountBody,
} from "@tongbao/api";
import { KeyType, Verifier, accountIdFromPublicKey } from "@tongbao/crypto";
import { hexToBytes } from "@tongbao/std";
import {
  AccountExistsError,
  DeskNotEnabledError,
  createClient,
  generateSecretKey,
  keySigner,
  nobleSigner,
} from "./index.ts";
import {
  AccountNotFoundError,
  BlockNotFoundError,
  HttpRequestError,
  InsufficientFundsError,
  InvalidAmountError,
  InvalidParameterError,
  MempoolFullError,
  TransactionNotFoundError,
  TransactionRejectedError,
  UnknownCurrencyError,
  WaitForTransactionTimeoutError,
} from "./errors.ts";
import type { SubscriptionEvent } from "@tongbao/api";

async function setup(
  t: TestContext,
  options: ChainOptions & { produceBlocks?: boolean; desk?: DeskServices } = {},
) {
  const chain = new TestChain(options);
  const server = await createApiServer({
    services: chain.services,
    ...(options.desk === undefined ? {} : { desk: options.desk }),
  });
  const url = await server.listen({ host: "127.0.0.1", port: 0 });
  const producer =
    options.produceBlocks === false
      ? undefined
      : setInterval(() => {
          if (chain.mempool.size > 0) chain.produceBlock();
        }, 20);
  t.after(async () => {
    clearInterval(producer);
    await server.close();
  });
  const client = createClient({ url, chainId: chain.services.chainId, nowMs: () => chain.nowMs });
  return { chain, client, url };
}

const alice = keySigner(signingKey(keys.alice));
const bob = keySigner(signingKey(keys.bob));

test("pay: build, sign, submit and wait; balances and blocks show it", async (t) => {
  const { client } = await setup(t);
  const receipt = await client.pay({
    signer: alice,
    to: keys.bob.account,
    amount: "12.50",
    currency: "HKD",
  });
  assert.equal(receipt.codeName, "ok");
  assert.ok(receipt.proof !== undefined);
  const account = await client.getAccount({ id: keys.bob.account });
  assert.deepEqual(account.balances, [{ amount: "62.50", currency: "HKD" }]);
  const block = await client.getBlock({ height: receipt.height });
  assert.ok(block.transactions.some((tx) => tx.hash === receipt.hash && tx.codeName === "ok"));
  assert.equal((await client.getBlock({ height: "latest" })).header.height >= receipt.height, true);
  const status = await client.getStatus();
  assert.equal(status.chainId, client.chainId);
});

test("step by step: the same signed transaction resubmitted is known, then committed", async (t) => {
  const { client, chain } = await setup(t, { produceBlocks: false });
  const built = await client.buildTransfer({
    from: alice,
    to: keys.merchant.account,
    amount: "1.05",
    currency: "HKD",
  });
  assert.deepEqual(built.amount, { amount: "1.05", currency: "HKD" });
  assert.equal(built.amountMinor, 105n);
  const signed = await client.signTransaction({ transaction: built, signer: alice });
  assert.equal(signed.hash, built.hash);
  assert.equal((await client.submitTransaction({ transaction: signed })).status, "accepted");
  assert.equal(
    (await client.submitTransaction({ transaction: bytesToHex(signed.bytes) })).status,
    "known",
  );
  assert.equal((await client.getTransaction({ hash: signed.hash })).status, "pending");
  chain.produceBlock();
  const committed = await client.waitForTransaction({ hash: signed.hash });
  assert.equal(committed.codeName, "ok");
  const again = await client.submitTransaction({ transaction: signed });
  assert.equal(again.status, "committed");
  // Several at once go in one binary batch, each with its own result.
  const more = await Promise.all(
    ["0.01", "0.02"].map(
      async (amount) =>
        await client.signTransaction({
          transaction: await client.buildTransfer({
            from: bob,
            to: keys.alice.account,
            amount,
            currency: "HKD",
          }),
          signer: bob,
        }),
    ),
  );
  const results = await client.submitTransactions({ transactions: [...more, signed] });
  assert.deepEqual(
    results.map((r) => r.status),
    ["accepted", "accepted", "committed"],
  );
});

test("insufficient funds are caught before submitting, and after commit when fees tip it over", async (t) => {
  const { client, chain } = await setup(t);
  await assert.rejects(
    client.pay({ signer: bob, to: keys.alice.account, amount: "120.00", currency: "HKD" }),
    (error: unknown) => {
      assert.ok(error instanceof InsufficientFundsError);
      assert.equal(error.shortMessage, "transfer of 120.00 HKD exceeds the available 50.00 HKD");
      return true;
    },
  );
  assert.equal(chain.mempool.size, 0);
  // Alice holds exactly 1000.00; her bank's fee (0.10 + 0.1 %) makes paying all of it fail.
  await assert.rejects(
    client.pay({ signer: alice, to: keys.bob.account, amount: "1000.00", currency: "HKD" }),
    (error: unknown) => {
      assert.ok(error instanceof InsufficientFundsError);
      assert.equal(
        error.shortMessage,
        "transfer of 1000.00 HKD plus fees exceeds the available 1000.00 HKD",
      );
      assert.ok(error.height > 0);
      return true;
    },
  );
});

test("bad parameters fail before anything is sent, naming what to fix", async (t) => {
  const { client } = await setup(t);
  const transfer = { from: alice, to: keys.bob.account, currency: "HKD" };
  await assert.rejects(client.buildTransfer({ ...transfer, amount: "0" }), InvalidAmountError);
  await assert.rejects(
    client.buildTransfer({ ...transfer, amount: "1.234" }),
    /3 digits after the point; this currency allows 2/,
  );
  await assert.rejects(client.buildTransfer({ ...transfer, amount: "-1" }), InvalidAmountError);
  await assert.rejects(
    client.buildTransfer({ ...transfer, amount: "1", currency: "XYZ" }),
    (error: unknown) => {
      assert.ok(error instanceof UnknownCurrencyError);
      assert.deepEqual(error.available, ["HKD", "PHP"]);
      return true;
    },
  );
  await assert.rejects(
    client.buildTransfer({ ...transfer, amount: "1", to: "bob" }),
    InvalidParameterError,
  );
  await assert.rejects(
    client.buildTransfer({ ...transfer, amount: "1", to: keys.alice.account }),
    /another account/,
  );
  const built = await client.buildTransfer({ ...transfer, amount: "1" });
  await assert.rejects(
    client.signTransaction({ transaction: built, signer: bob }),
    /not the key of the transaction's signer/,
  );
});

test("rejections carry the admission code and the fix; lookups of unknown things throw typed errors", async (t) => {
  const { client, url, chain } = await setup(t, { produceBlocks: false });
  const wrongChain = createClient({ url, chainId: "tongbao-other", nowMs: () => chain.nowMs });
  const built = await wrongChain.buildTransfer({
    from: alice,
    to: keys.bob.account,
    amount: "1",
    currency: "HKD",
  });
  const signed = await wrongChain.signTransaction({ transaction: built, signer: alice });
  await assert.rejects(client.submitTransaction({ transaction: signed }), (error: unknown) => {
    assert.ok(error instanceof TransactionRejectedError);
    assert.equal(error.codeName, "signature_invalid");
    assert.equal(error.status, 400);
    assert.match(error.message, /chain id/);
    return true;
  });
  await assert.rejects(client.getAccount({ id: "0".repeat(40) }), AccountNotFoundError);
  await assert.rejects(client.getBlock({ height: 5 }), BlockNotFoundError);
  await assert.rejects(client.getTransaction({ hash: "ab".repeat(32) }), TransactionNotFoundError);
  const pending = await client.signTransaction({
    transaction: await client.buildTransfer({
      from: alice,
      to: keys.bob.account,
      amount: "1",
      currency: "HKD",
    }),
    signer: alice,
  });
  await client.submitTransaction({ transaction: pending });
  await assert.rejects(
    client.waitForTransaction({ hash: pending.hash, timeoutMs: 50, pollIntervalMs: 10 }),
    WaitForTransactionTimeoutError,
  );
});

test("a full mempool is a MempoolFullError with the wait to retry after", async (t) => {
  const { client } = await setup(t, { produceBlocks: false, mempool: { capacityTxs: 1 } });
  const submit = async (key: typeof alice, to: string) =>
    client.submitTransaction({
      transaction: await client.signTransaction({
        transaction: await client.buildTransfer({ from: key, to, amount: "1", currency: "HKD" }),
        signer: key,
      }),
    });
  await submit(alice, keys.bob.account);
  await assert.rejects(submit(bob, keys.alice.account), (error: unknown) => {
    assert.ok(error instanceof MempoolFullError);
    assert.equal(error.retryAfterMs, 1000);
    assert.equal(error.code, "mempool_full");
    return true;
  });
});

test("an unreachable gateway is an HttpRequestError", async () => {
  const client = createClient({
    url: "http://127.0.0.1:9",
    chainId: "tongbao-test",
    requestTimeoutMs: 2_000,
  });
  await assert.rejects(client.getStatus(), HttpRequestError);
});

test("subscribe: an account's payment and a reference's status arrive as events", async (t) => {
  const { client } = await setup(t);
  const reference = "ab".repeat(32);
  const events: SubscriptionEvent[] = [];
  let arrived: () => void = () => {};
  const both = new Promise<void>((resolve) => (arrived = resolve));
  const onEvent = (event: SubscriptionEvent) => {
    events.push(event);
    if (events.some((e) => e.type === "account") && events.some((e) => e.type === "reference"))
      arrived();
  };
  const subscriptions = await Promise.all([
    client.subscribe({ topic: { kind: "account", id: keys.merchant.account }, onEvent }),
    client.subscribe({ topic: { kind: "reference", id: reference }, onEvent }),
  ]);
  t.after(() => Promise.all(subscriptions.map((s) => s.unsubscribe())));
  const receipt = await client.pay({
    signer: alice,
    to: keys.merchant.account,
    amount: "3.00",
    currency: "HKD",
    reference,
  });
  await both;
  const account = events.find((e) => e.type === "account");
  assert.ok(
    account?.type === "account" &&
      account.entry.type === "transaction" &&
      account.entry.hash === receipt.hash,
  );
  const status = events.find((e) => e.type === "reference");
  assert.ok(status?.type === "reference");
  assert.deepEqual(status.amount, { amount: "3.00", currency: "HKD" });
  assert.equal(status.codeName, "ok");
});

test("pay with a browser's signer: nobleSigner over alice's seed pays like her key file", async (t) => {
  const { client } = await setup(t);
  const seed = new Uint8Array(32);
  seed.set(new TextEncoder().encode("alice"));
  const receipt = await client.pay({
    signer: nobleSigner(seed),
    to: keys.bob.account,
    amount: "2.00",
    currency: "HKD",
  });
  assert.equal(receipt.codeName, "ok");
  const history = await client.getAccountHistory({ id: keys.bob.account, limit: 1 });
  const [entry] = history.entries;
  assert.ok(entry?.type === "transaction" && entry.hash === receipt.hash);
});

/** A desk that checks the proof as the node's does, and remembers what it opened. */
class ProofCheckingDesk implements DeskServices {
  readonly opened = new Set<string>();
  constructor(private readonly chainId: string) {}
  info() {
    return { institution: "hk-bank", name: "HK Bank", kycTier: 1 };
  }
  async openAccount(body: OpenAccountBody) {
    const keyType = body.keyType === "p256" ? KeyType.P256 : KeyType.Ed25519;
    const publicKey = hexToBytes(body.publicKey);
    const valid = new Verifier().verify({
      keyType,
      publicKey,
      signature: hexToBytes(body.proof),
      chainId: this.chainId,
      purpose: OPEN_ACCOUNT_PROOF_PURPOSE,
      payload: openAccountProofPayload({ ...body, institution: "hk-bank" }),
    });
    if (!valid) throw new ServiceError("proof_invalid", "the proof is not the key's signature");
    const account = accountIdFromPublicKey(keyType, publicKey);
    if (this.opened.has(account)) {
      throw new ServiceError("account_exists", "this key has an account", { account });
    }
    this.opened.add(account);
    return {
      status: "accepted" as const,
      account,
      institution: "hk-bank",
      kycTier: 1,
      hash: "cd".repeat(32),
      message: "opening",
    };
  }
  async merchantProfile(): Promise<never> {
    throw new ServiceError("merchant_not_registered", "this desk has no merchants");
  }
  async registerMerchant(): Promise<never> {
    throw new ServiceError("merchant_not_registered", "this desk has no merchants");
  }
  async createMerchantCode(): Promise<never> {
    throw new ServiceError("merchant_not_registered", "this desk has no merchants");
  }
  async firmQuote(): Promise<never> {
    throw new ServiceError("no_offer", "this desk holds no quotes");
  }
}

test("openAccount: the signer proves its key to the desk; a second time is AccountExistsError", async (t) => {
  const desk = new ProofCheckingDesk(CHAIN_ID);
  const { client } = await setup(t, { produceBlocks: false, desk });
  for (const type of [KeyType.Ed25519, KeyType.P256]) {
    const signer = nobleSigner(generateSecretKey(type), type);
    const opened = await client.openAccount({ signer, name: "Wong Siu Ming" });
    assert.equal(opened.account, accountIdFromPublicKey(type, signer.publicKey));
    await assert.rejects(client.openAccount({ signer }), (error: unknown) => {
      assert.ok(error instanceof AccountExistsError);
      assert.equal(error.account, opened.account);
      return true;
    });
  }
  assert.equal((await client.getDesk()).institution, "hk-bank");
});

test("openAccount at a gateway without a desk is DeskNotEnabledError", async (t) => {
  const { client } = await setup(t, { produceBlocks: false });
  const signer = nobleSigner(generateSecretKey());
  await assert.rejects(client.openAccount({ signer }), DeskNotEnabledError);
});
