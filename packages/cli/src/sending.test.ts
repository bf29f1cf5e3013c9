// Goal: the commands that send never leave a user guessing or paying twice, and bad input
// changes nothing. A payment whose answer is lost after it was submitted is reported with its
// hash and `tongbao tx show`, not as "is the devnet running?"; a remit with invalid travel-rule
// names stops before a firm quote is held (each one commits a hold); an --out path in a missing
// directory, or a rate too precise for the ledger, is a one-line error, not a stack trace; the
// devnet's offers are each posted even if one fails, and a timeout says they may still commit.
// Method: the `tongbao` program against a stand-in gateway that records every request and drops
// the connection where a network failure is wanted; key files in a temporary directory.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { generateKeyPair, saveKeyFile, type KeyPair } from "@tongbao/crypto";
import { basicAnswer, startFakeGateway, type FakeAnswer } from "../test/fake-gateway.ts";
import { describeOfferPostings, postDevnetOffers, DEVNET_OFFERS } from "./devnet/offers.ts";
import { CliError } from "./errors.ts";
import { program } from "./main.ts";

let dir: string;
let payer: KeyPair;
let payerFile: string;
const RECIPIENT = "b2".repeat(20);
const HASH = /transaction ([0-9a-f]{64}) was sent/;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "tongbao-cli-sending-"));
  payer = generateKeyPair();
  payerFile = join(dir, "payer.json");
  await saveKeyFile(payerFile, payer);
  // The devnet's fx-bank, for the offers: the directory names its key.
  await saveKeyFile(join(dir, "fx-bank.json"), generateKeyPair());
  await writeFile(
    join(dir, "accounts.json"),
    JSON.stringify([
      {
        name: "fx-bank",
        accountId: "f0".repeat(20),
        institution: "fx-bank",
        keyFile: "fx-bank.json",
        role: "institution",
      },
    ]),
  );
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const accounts = () => ({
  [payer.accountId]: { institution: "hk-bank", HKD: "100.00" },
  [RECIPIENT]: { institution: "ph-bank" },
});

/** Runs `tongbao ARGS --api URL --dir DIR` and returns the CliError it must end with. */
async function cliError(args: string[], url: string): Promise<string> {
  const root = program();
  const override = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(override);
  };
  override(root);
  try {
    await root.parseAsync(["node", "tongbao", ...args, "--api", url, "--dir", dir]);
  } catch (error) {
    if (error instanceof CliError) return error.message;
    throw error;
  }
  assert.fail(`tongbao ${args.join(" ")} did not fail`);
}

test("a payment whose answer is lost after submission is named, with how to check it", async () => {
  const gateway = await startFakeGateway((method, path): FakeAnswer | undefined => {
    if (method === "POST" && path === "/v1/transactions") {
      return { status: 202, json: { status: "accepted", hash: "00".repeat(32) } };
    }
    if (method === "GET" && path.startsWith("/v1/transactions/")) return "drop";
    return basicAnswer(method, path, accounts());
  });
  try {
    const message = await cliError(["pay", payerFile, RECIPIENT, "1.00", "HKD"], gateway.url);
    const hash = HASH.exec(message)?.[1];
    assert.ok(hash !== undefined, message);
    assert.match(message, /may still commit/);
    assert.ok(message.includes(`\`tongbao tx show ${hash}\` before retrying`), message);
    assert.doesNotMatch(message, /is the devnet running/);
    assert.ok(gateway.requests.includes("POST /v1/transactions"));
  } finally {
    await gateway.close();
  }
});

test("a payment refused at admission says so, without suggesting it may commit", async () => {
  const gateway = await startFakeGateway((method, path) => {
    if (method === "POST" && path === "/v1/transactions") {
      return {
        status: 422,
        json: { error: { code: "transaction_expired", message: "the transaction expired" } },
      };
    }
    return basicAnswer(method, path, accounts());
  });
  try {
    const message = await cliError(["pay", payerFile, RECIPIENT, "1.00", "HKD"], gateway.url);
    assert.match(message, /rejected the transaction: transaction_expired/);
    assert.doesNotMatch(message, /may still commit/);
  } finally {
    await gateway.close();
  }
});

test("a remit with an invalid travel-rule name stops before any quote is held", async () => {
  const gateway = await startFakeGateway((method, path) => basicAnswer(method, path, accounts()));
  try {
    const message = await cliError(
      [
        "remit",
        payerFile,
        RECIPIENT,
        "100",
        "HKD",
        "--to-currency",
        "PHP",
        "--sender-name",
        "Chan Tai Man",
        "--recipient-name",
        "",
      ],
      gateway.url,
    );
    assert.match(message, /travel-rule data is not valid/);
    assert.match(message, /beneficiary/);
    assert.match(message, /fix --recipient-name; nothing was held or sent/);
    assert.ok(
      gateway.requests.every((r) => !r.startsWith("GET /v1/quotes")),
      gateway.requests.join(", "),
    );
  } finally {
    await gateway.close();
  }
});

test("iso20022 --out in a missing directory says what to fix", async () => {
  const gateway = await startFakeGateway((method, path) =>
    path.endsWith("/iso20022") ? { text: "<Document/>" } : basicAnswer(method, path, accounts()),
  );
  try {
    const out = join(dir, "missing", "x.xml");
    const message = await cliError(["iso20022", "ab".repeat(32), "--out", out], gateway.url);
    assert.match(message, /cannot write --out .*x\.xml: the directory .*missing does not exist/);
  } finally {
    await gateway.close();
  }
});

test("offer post with a rate too precise for the ledger is a one-line error", async () => {
  const gateway = await startFakeGateway((method, path) => basicAnswer(method, path, accounts()));
  try {
    const message = await cliError(
      [
        "offer",
        "post",
        "--provider",
        payerFile,
        "--buy",
        "HKD",
        "--sell",
        "PHP",
        "--rate",
        "99999999999.999999999999",
      ],
      gateway.url,
    );
    assert.match(message, /^rate: "99999999999\.999999999999" is too precise or too large/);
    assert.ok(gateway.requests.every((r) => !r.startsWith("POST")));
  } finally {
    await gateway.close();
  }
});

test("the devnet posts each offer even when one fails; a timeout may still commit", async () => {
  let posts = 0;
  const gateway = await startFakeGateway((method, path) => {
    if (method === "POST" && path === "/v1/transactions") {
      posts += 1;
      // The first offer is refused; the second is taken and then never seen committed.
      return posts === 1
        ? {
            status: 422,
            json: { error: { code: "transaction_expired", message: "the transaction expired" } },
          }
        : { status: 202, json: { status: "accepted", hash: "00".repeat(32) } };
    }
    if (method === "GET" && path.startsWith("/v1/transactions/")) {
      return { json: { status: "pending", hash: path.split("/").pop() } };
    }
    return basicAnswer(method, path, {});
  });
  try {
    const { loadAccounts } = await import("./network.ts");
    const postings = await postDevnetOffers({
      dir,
      accounts: await loadAccounts(dir),
      api: gateway.url,
      chainId: "tongbao-fake",
      timeoutMs: 300,
    });
    assert.equal(posts, 2, "the second offer is posted after the first fails");
    assert.deepEqual(
      postings.map((p) => (p.ok ? "ok" : p.mayStillCommit ? "may commit" : "failed")),
      ["failed", "may commit"],
    );
    const said = describeOfferPostings(postings);
    assert.equal(said.ok, false);
    assert.doesNotMatch(said.text, /\n/, "one line");
    assert.match(said.text, /HKD→PHP: the gateway rejected the transaction: transaction_expired/);
    assert.match(said.text, /PHP→HKD: transaction [0-9a-f]{64} was not committed within 300 ms/);
    assert.match(said.text, /PHP→HKD may still commit — check `npx tongbao offer list`/);
    assert.deepEqual(said.posted, []);
  } finally {
    await gateway.close();
  }
});

test("the devnet's offers, all posted, read as before", () => {
  const said = describeOfferPostings(DEVNET_OFFERS.map((offer) => ({ offer, ok: true })));
  assert.deepEqual(said, {
    ok: true,
    text: "fx-bank offers HKD→PHP at 7.164, PHP→HKD at 0.138194 (valid 30 days).",
    posted: DEVNET_OFFERS.map((o) => o.id),
  });
});
