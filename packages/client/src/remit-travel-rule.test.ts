// Goal: the SDK's remit with travel-rule data seals it to the sender's institution, the
// recipient's and the regulator under the payment id of the transaction it signs, uploads it,
// and sends the remit with the data's hash — so the recipient's institution and the regulator
// read the data decrypted at their own gateways, and a member it was not sealed to gets 403.
// Data that names the wrong institution is refused before anything is uploaded or sent.
// Method: four ValidatorNodes, one per institution (hk-bank with its desk for firm quotes,
// ph-bank, fx-bank the liquidity provider, the regulator), over the in-memory p2p twin, each with
// its gateway, travel-rule private key and operator token; every call goes through the SDK.
// Conditions are awaited with deadlines (no timing assertions).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accountIdFromPublicKey } from "@tongbao/codec";
import { KeyType, generateKeyPair, signingKeyFromPrivateKey, type KeyPair } from "@tongbao/crypto";
import {
  ValidatorNode,
  createNodeLogger,
  parseGenesis,
  startApiGateway,
  type GenesisDocument,
} from "@tongbao/node";
import { MemoryNetwork, MemoryTransport } from "@tongbao/p2p";
import { bytesToHex } from "@tongbao/std";
import {
  encodeX25519Key,
  SM_SUITE,
  encodeSm2Key,
  generateSm2TravelRuleKeyPair,
  generateTravelRuleKeyPair,
  type TravelRuleData,
  type TravelRuleKeyPair,
} from "@tongbao/travel-rule";
import type { InstitutionId } from "@tongbao/types";
import { postOffer } from "./actions/remit-admin.ts";
import { getQuote } from "./actions/remit-queries.ts";
import { remit } from "./actions/remit.ts";
import { createClient, type Client } from "./client.ts";
import { ApiError, InvalidParameterError } from "./errors.ts";
import { keySigner } from "./signers/key-signer.ts";

const CHAIN_ID = "tongbao-sdk-remit-travel-rule";
/** Validator i runs for INSTITUTIONS[i]. */
const INSTITUTIONS = ["hk-bank", "ph-bank", "fx-bank", "regulator"] as const;
const TOKENS = INSTITUTIONS.map((id) => `operator-of-${id}-${"t".repeat(32)}`);

const keys = {
  "hk-bank": generateKeyPair(),
  "ph-bank": generateKeyPair(),
  "fx-bank": generateKeyPair(),
  regulator: generateKeyPair(),
  alice: generateKeyPair(),
  maria: generateKeyPair(),
};
const idOf = (key: KeyPair) => accountIdFromPublicKey(KeyType.Ed25519, key.publicKey);
const alice = idOf(keys.alice);
const maria = idOf(keys.maria);
const travelRuleSm2Keys = new Map<string, TravelRuleKeyPair>(
  INSTITUTIONS.map((id) => [id, generateSm2TravelRuleKeyPair()]),
);
const travelRuleKeys = new Map<string, TravelRuleKeyPair>(
  INSTITUTIONS.map((id) => [id, generateTravelRuleKeyPair()]),
);

function genesisDocument(nodeKeys: readonly KeyPair[]): GenesisDocument {
  const roles: Record<(typeof INSTITUTIONS)[number], string[]> = {
    "hk-bank": ["validator", "issuer"],
    "ph-bank": ["validator", "issuer"],
    "fx-bank": ["validator", "liquidity_provider"],
    regulator: ["validator", "regulator"],
  };
  const balances: Record<string, Record<string, string>> = {
    "hk-bank": { HKD: "1000000.00" },
    "ph-bank": { PHP: "1000000.00" },
    "fx-bank": { HKD: "1000.00", PHP: "1000000.00" },
  };
  const customer = (key: KeyPair, institution: string, held: Record<string, string>) => ({
    keyType: "ed25519" as const,
    publicKey: bytesToHex(key.publicKey),
    institution,
    kycTier: 2,
    balances: held,
  });
  return {
    version: 1,
    chainId: CHAIN_ID,
    genesisTimeMs: Date.now() - 1000,
    ledger: {
      institutions: INSTITUTIONS.map((id) => ({
        id,
        name: id.toUpperCase(),
        roles: roles[id],
        keyType: "ed25519" as const,
        publicKey: bytesToHex(keys[id].publicKey),
        balances: balances[id] ?? {},
        travelRuleKey: encodeX25519Key(travelRuleKeys.get(id)!.publicKey),
        travelRuleSm2Key: encodeSm2Key(travelRuleSm2Keys.get(id)!.publicKey),
      })) as never,
      currencies: [
        { code: "HKD", minorUnits: 2, issuer: "hk-bank" },
        { code: "PHP", minorUnits: 2, issuer: "ph-bank" },
      ],
      accounts: [
        customer(keys.alice, "hk-bank", { HKD: "10000.00" }),
        customer(keys.maria, "ph-bank", { PHP: "0.00" }),
      ],
      fees: [{ institution: "hk-bank", currency: "HKD", fixed: "1.00", bps: 0, max: "1.00" }],
    },
    validators: INSTITUTIONS.map((institution, i) => ({
      name: `node-${i}`,
      institution,
      power: 1,
      publicKey: bytesToHex(nodeKeys[i]!.publicKey),
      address: `127.0.0.1:${43000 + i}`,
    })),
  };
}

/** Alice (hk-bank) pays Maria (ph-bank), the least IVMS101 the travel rule accepts. */
function aliceToMaria(): TravelRuleData {
  const person = (name: string, customer?: string) => ({
    naturalPerson: {
      name: { nameIdentifier: [{ primaryIdentifier: name, nameIdentifierType: "LEGL" as const }] },
      ...(customer === undefined ? {} : { customerIdentification: customer }),
    },
  });
  return {
    originator: { originatorPersons: [person("Alice Chan", alice)], accountNumber: [alice] },
    beneficiary: { beneficiaryPersons: [person("Maria Santos")], accountNumber: [maria] },
    originatingInstitution: "hk-bank" as InstitutionId,
    beneficiaryInstitution: "ph-bank" as InstitutionId,
  };
}

async function waitFor(what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the SDK's remit with travel-rule data, over one node per institution", () => {
  let dir: string;
  const network = new MemoryNetwork();
  const nodes: ValidatorNode[] = [];
  /** The SDK at each institution's gateway, by INSTITUTIONS index. */
  const clients: Client[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "tongbao-sdk-remit-"));
    const nodeKeys = INSTITUTIONS.map(() => generateKeyPair());
    const genesis = parseGenesis(genesisDocument(nodeKeys));
    for (let i = 0; i < INSTITUTIONS.length; i++) {
      nodes.push(
        await ValidatorNode.open(
          {
            genesis,
            nodeKey: nodeKeys[i]!,
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
    for (const [i, node] of nodes.entries()) {
      const institution = INSTITUTIONS[i]!;
      const gateway = await node.attachGateway((access) =>
        startApiGateway(access, {
          host: "127.0.0.1",
          port: 0,
          // hk-bank's node runs its desk: firm quotes for its customers.
          ...(institution === "hk-bank"
            ? { institution: { key: signingKeyFromPrivateKey(keys["hk-bank"].privateKey) } }
            : {}),
          travelRule: {
            privateKey: travelRuleKeys.get(institution)!.privateKey,
            sm2PrivateKey: travelRuleSm2Keys.get(institution)!.privateKey,
            operatorToken: TOKENS[i]!,
          },
        }),
      );
      clients.push(createClient({ url: gateway.url, chainId: CHAIN_ID }));
    }
    await waitFor("every gateway to be ready", async () => {
      const answers = await Promise.all(clients.map((c) => fetch(`${c.url}/readyz`)));
      return answers.every((a) => a.ok);
    });
    await postOffer(clients[2]!, {
      signer: keySigner(keys["fx-bank"].privateKey),
      buy: "HKD",
      sell: "PHP",
      rate: "7.164",
      minBuy: "10.00",
      maxBuy: "50000.00",
      spreadBps: 50,
      expiresInMs: 86_400_000,
    });
  });

  after(async () => {
    for (const node of nodes) await node.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("sealed to both institutions and the regulator, read back at theirs, 403 elsewhere", async () => {
    const hk = clients[0]!;
    const quote = await getQuote(hk, {
      from: "HKD",
      to: "PHP",
      sendAmount: "1000.00",
      payer: alice,
    });
    assert.equal(quote.firm, true);
    const id = "5e".repeat(16);
    const receipt = await remit(hk, {
      quote,
      to: maria,
      signer: keySigner(keys.alice.privateKey),
      travelRule: { data: aliceToMaria() },
      id,
    });
    assert.equal(receipt.codeName, "ok");
    const [remittance] = receipt.remittances ?? [];
    assert.deepEqual(remittance?.received, { amount: "7164.00", currency: "PHP" });
    const hash = remittance?.travelRuleHash;
    assert.ok(hash !== undefined, "the remit carries the data's hash");

    // The envelope names the payment as the remit transaction does: payer and client id.
    const paymentId = `${alice}:${id}`;
    for (const at of [1, 3, 0]) {
      const read = await clients[at]!.readTravelRule({ hash, operatorToken: TOKENS[at]! });
      assert.deepEqual(read, {
        hash,
        paymentId,
        recipients: ["hk-bank", "ph-bank", "regulator"],
        data: aliceToMaria(),
      });
    }
    await assert.rejects(
      clients[2]!.readTravelRule({ hash, operatorToken: TOKENS[2]! }),
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, 403);
        assert.equal(error.code, "not_a_recipient");
        return true;
      },
    );
    assert.deepEqual(await hk.getAccount({ id: maria }).then((a) => a.balances), [
      { amount: "7164.00", currency: "PHP" },
    ]);
  });

  test("sealed with the SM suite (SM2, SM4-GCM) on request: read back at the recipients', 403 elsewhere", async () => {
    const hk = clients[0]!;
    const quote = await getQuote(hk, {
      from: "HKD",
      to: "PHP",
      sendAmount: "100.00",
      payer: alice,
    });
    const id = "5f".repeat(16);
    const receipt = await remit(hk, {
      quote,
      to: maria,
      signer: keySigner(keys.alice.privateKey),
      travelRule: { data: aliceToMaria(), suite: SM_SUITE },
      id,
    });
    assert.equal(receipt.codeName, "ok");
    const hash = receipt.remittances?.[0]?.travelRuleHash;
    assert.ok(hash !== undefined, "the remit carries the data's hash");
    for (const at of [1, 3, 0]) {
      const read = await clients[at]!.readTravelRule({ hash, operatorToken: TOKENS[at]! });
      assert.deepEqual(read.data, aliceToMaria());
      assert.equal(read.paymentId, `${alice}:${id}`);
    }
    await assert.rejects(
      clients[2]!.readTravelRule({ hash, operatorToken: TOKENS[2]! }),
      (error: unknown) => error instanceof ApiError && error.code === "not_a_recipient",
    );
  });

  test("data naming another institution is refused before anything is uploaded or sent", async () => {
    const sent: string[] = [];
    const hk = createClient({
      url: clients[0]!.url,
      chainId: CHAIN_ID,
      fetch: (input, init) => {
        if (init?.method === "POST") sent.push(String(input));
        return fetch(input, init);
      },
    });
    const before = (await hk.getAccount({ id: alice })).balances;
    const quote = await getQuote(hk, {
      from: "HKD",
      to: "PHP",
      sendAmount: "100.00",
      payer: alice,
    });
    const data = { ...aliceToMaria(), beneficiaryInstitution: "fx-bank" as InstitutionId };
    await assert.rejects(
      remit(hk, {
        quote,
        to: maria,
        signer: keySigner(keys.alice.privateKey),
        travelRule: { data },
      }),
      (error: unknown) => {
        assert.ok(error instanceof InvalidParameterError);
        assert.match(error.message, /recipient's account is held at ph-bank, not fx-bank/);
        return true;
      },
    );
    assert.deepEqual(sent, [], "no envelope uploaded, no transaction submitted");
    assert.deepEqual((await hk.getAccount({ id: alice })).balances, before);
  });
});
