// Goal: sending money abroad works across real processes as the README tells it — alice (an
// hk-emoney customer) remits 1,000 HKD to maria (a ph-wallet customer) with `tongbao remit`
// against hk-emoney's gateway; maria's balance, read at ph-wallet's own gateway, rises by
// exactly the quoted receive amount; fx-bank's balances move by the two legs and alice pays the
// amount plus her institution's fee; the regulator's observer node decrypts the travel-rule data
// for its operator while a member that is not a recipient (harbour-bank) is refused with 403
// not_a_recipient; the ISO 20022 pacs.008 of the remit carries the UETR of its hash.
// Method: the devnet's own pieces (prepareDevnet, Devnet: four validator processes with APIs and
// institution desks, and the regulator's observer), fx-bank's offers posted as `tongbao devnet`
// posts them at start, the `tongbao` CLI spawned as a child process for the remit, and the SDK
// for every check, each against the gateway named. Deadlines only a broken network reaches.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  DEVNET_NODE_SETTINGS,
  Devnet,
  TONGBAO_BIN,
  freePorts,
  loadOperatorToken,
  postDevnetOffers,
  prepareDevnet,
  recordApis,
  type PreparedDevnet,
} from "@tongbao/cli";
import {
  ApiError,
  createClient,
  getAccount,
  getIso20022,
  readTravelRule,
  waitForTransaction,
  type Client,
} from "@tongbao/client";
import { uetrFromTxHash } from "@tongbao/iso20022";
import { formatAmount, parseAmount } from "@tongbao/types";

const run = promisify(execFile);
const VALIDATORS = 4;
const WAIT_MS = 60_000;

let dir: string;
let prepared: PreparedDevnet;
let devnet: Devnet;
let apis: Record<string, string>;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "tongbao-e2e-remit-"));
  prepared = await prepareDevnet({
    dir,
    validators: VALIDATORS,
    ports: await freePorts(VALIDATORS),
    observer: true,
    node: DEVNET_NODE_SETTINGS,
  });
  devnet = new Devnet(prepared, { statusMs: 200, api: true, desks: true });
  const started = await devnet.startAll();
  const height = Math.max(...started.map((line) => Number(line["height"])));
  await devnet.waitForHeight(height + 2, WAIT_MS);
  apis = devnet.apiUrls();
  await recordApis(dir, prepared.genesis.chainId, apis, undefined);
  await postDevnetOffers({
    dir,
    accounts: prepared.accounts,
    api: apis["fx-bank"]!,
    chainId: prepared.genesis.chainId,
    timeoutMs: WAIT_MS,
  });
});

after(async () => {
  await devnet?.stopAll();
  if (process.env["TONGBAO_E2E_KEEP"] === "1") process.stderr.write(`e2e: kept ${dir}\n`);
  else if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function clientOf(node: string): Client {
  const url = apis[node];
  assert.ok(url, `node ${node} has an API`);
  return createClient({ url, chainId: prepared.genesis.chainId });
}

function accountId(name: string): string {
  const entry = prepared.accounts.find((a) => a.name === name);
  assert.ok(entry, `devnet account ${name}`);
  return entry.accountId;
}

/** A balance in minor units (2 decimals for HKD and PHP), 0 when the account holds none. */
async function balance(client: Client, name: string, currency: string): Promise<bigint> {
  const view = await getAccount(client, { id: accountId(name) });
  const held = view.balances.find((b) => b.currency === currency);
  return held === undefined ? 0n : parseAmount(held.amount, 2);
}

const minor = (money: { amount: string }) => parseAmount(money.amount, 2);

test("alice remits 1,000 HKD to maria with the CLI: both legs, travel rule, ISO 20022", async () => {
  const hk = clientOf("hk-emoney");
  const ph = clientOf("ph-wallet");
  const before = {
    alice: await balance(hk, "alice", "HKD"),
    maria: await balance(ph, "maria", "PHP"),
    fxHkd: await balance(hk, "fx-bank", "HKD"),
    fxPhp: await balance(hk, "fx-bank", "PHP"),
    hkEmoney: await balance(hk, "hk-emoney", "HKD"),
  };

  const { stdout } = await run(
    process.execPath,
    [TONGBAO_BIN, "remit", "alice", "maria", "1000", "HKD", "--to-currency", "PHP"].concat([
      "--dir",
      dir,
      "--json",
    ]),
    { timeout: WAIT_MS * 2 },
  );
  const result = JSON.parse(stdout) as {
    status: string;
    hash: string;
    quote: { firm: boolean; send: { amount: string }; receive: { amount: string } };
    travelRule: { hash: string; sealedTo: string[] };
    remittance: {
      sent: { amount: string; currency: string };
      received: { amount: string; currency: string };
      fee: { amount: string };
      residual: { amount: string };
      residualTo: string;
      provider: string;
      travelRuleHash?: string;
    };
  };
  assert.equal(result.status, "committed");
  // The desk of alice's institution held the liquidity: a firm quote, kept to the unit.
  assert.equal(result.quote.firm, true);
  assert.equal(result.quote.send.amount, "1000.00");
  const r = result.remittance;
  assert.deepEqual(r.sent, { amount: "1000.00", currency: "HKD" });
  assert.deepEqual(r.received, { amount: result.quote.receive.amount, currency: "PHP" });
  // About 7.164 PHP per HKD, the devnet offer's rate.
  assert.equal(r.received.amount, "7164.00");
  assert.equal(r.provider, accountId("fx-bank"));
  assert.equal(r.travelRuleHash, result.travelRule.hash);
  assert.deepEqual([...result.travelRule.sealedTo].sort(), ["hk-emoney", "ph-wallet", "regulator"]);

  // Maria's institution's own gateway shows what the quote said, to the centavo.
  await waitForTransaction(ph, { hash: result.hash, timeoutMs: WAIT_MS });
  const received = minor(r.received);
  assert.equal(await balance(ph, "maria", "PHP"), before.maria + received);
  // fx-bank: + the send amount less the rounding residual in HKD, − the receive amount in PHP.
  const sent = minor(r.sent);
  const fee = minor(r.fee);
  const residual = minor(r.residual);
  assert.equal(await balance(ph, "fx-bank", "HKD"), before.fxHkd + sent - residual);
  assert.equal(await balance(ph, "fx-bank", "PHP"), before.fxPhp - received);
  assert.equal(await balance(ph, "alice", "HKD"), before.alice - sent - fee);
  assert.equal(r.residualTo, accountId("hk-emoney"));
  assert.equal(await balance(ph, "hk-emoney", "HKD"), before.hkEmoney + fee + residual);

  // The regulator's observer node decrypts the data for its operator.
  const regulatorToken = await loadOperatorToken(join(dir, "regulator", "operator-token"));
  const view = await readTravelRule(clientOf("regulator"), {
    hash: result.travelRule.hash,
    operatorToken: regulatorToken,
  });
  assert.deepEqual([...view.recipients].sort(), ["hk-emoney", "ph-wallet", "regulator"]);
  const data = view.data as {
    originator: {
      originatorPersons: {
        naturalPerson: { name: { nameIdentifier: { primaryIdentifier: string }[] } };
      }[];
      accountNumber: string[];
    };
    beneficiary: { accountNumber: string[] };
  };
  assert.equal(
    data.originator.originatorPersons[0]!.naturalPerson.name.nameIdentifier[0]!.primaryIdentifier,
    "CHAN",
  );
  assert.deepEqual(data.originator.accountNumber, [accountId("alice")]);
  assert.deepEqual(data.beneficiary.accountNumber, [accountId("maria")]);

  // harbour-bank is a member but no recipient: its own operator is refused.
  const harbourToken = await loadOperatorToken(join(dir, "harbour-bank", "operator-token"));
  await assert.rejects(
    readTravelRule(clientOf("harbour-bank"), {
      hash: result.travelRule.hash,
      operatorToken: harbourToken,
    }),
    (error: unknown) =>
      error instanceof ApiError && error.status === 403 && error.code === "not_a_recipient",
  );

  // The settled remittance as pacs.008, with the UETR of its transaction hash — from the SDK and
  // as `tongbao iso20022 --out` writes it.
  const xml = await getIso20022(ph, { hash: result.hash, type: "pacs.008" });
  const uetr = uetrFromTxHash(result.hash);
  assert.match(xml, /pacs\.008\.001\.09/);
  assert.ok(xml.includes(`<UETR>${uetr}</UETR>`), "the pacs.008 carries the remit's UETR");
  assert.ok(xml.includes("<Nm>NOTPROVIDED</Nm>"), "without the operator's token, no names");
  assert.ok(!xml.includes("CHAN"), "the sender's name stays in the envelope");
  // The recipient institution's operator gets the parties named from the travel-rule data.
  const phToken = await loadOperatorToken(join(dir, "ph-wallet", "operator-token"));
  const named = await getIso20022(ph, {
    hash: result.hash,
    type: "pacs.008",
    operatorToken: phToken,
  });
  assert.match(named, /<Dbtr>\s*<Nm>Alice CHAN<\/Nm>/, "the debtor named from the envelope");
  assert.match(named, /<Cdtr>\s*<Nm>Maria SANTOS<\/Nm>/, "the creditor too");
  assert.ok(named.includes(`<UETR>${uetr}</UETR>`));
  assert.ok(!named.includes("<Nm>NOTPROVIDED</Nm>"), "both parties named");
  const out = join(dir, "remit.pacs008.xml");
  const written = await run(
    process.execPath,
    [TONGBAO_BIN, "iso20022", result.hash, "--out", out, "--dir", dir, "--json"],
    { timeout: WAIT_MS },
  );
  assert.equal((JSON.parse(written.stdout) as { uetr: string }).uetr, uetr);
  assert.equal(await readFile(out, "utf8"), xml);
  assert.equal(formatAmount(received, 2), result.quote.receive.amount);
});

test("a remit to a currency the chain lacks is refused with the ones it has, and nothing is held", async () => {
  const hk = clientOf("hk-emoney");
  const aliceBefore = await balance(hk, "alice", "HKD");
  // A held quote would take its payout out of fx-bank's PHP balance.
  const liquidityBefore = await balance(hk, "fx-bank", "PHP");
  const failed = await run(
    process.execPath,
    [TONGBAO_BIN, "remit", "alice", "maria", "10", "HKD", "--to-currency", "XYZ", "--dir", dir],
    { timeout: WAIT_MS },
  ).then(
    () => undefined,
    (error: { code?: number; stderr?: string }) => error,
  );
  assert.ok(failed !== undefined, "the command fails");
  assert.equal(failed.code, 1);
  assert.match(failed.stderr ?? "", /XYZ is not a currency of this chain; it has HKD, PHP/);
  assert.doesNotMatch(failed.stderr ?? "", /\n\s+at /, "no stack trace");
  assert.equal(await balance(hk, "alice", "HKD"), aliceBefore);
  assert.equal(await balance(hk, "fx-bank", "PHP"), liquidityBefore, "no quote was held");
});
