// Goal: travel-rule envelopes across a network of gateways — uploaded at one gateway, readable
// (decrypted) at each recipient institution's gateway by its operator only, refused to a member
// it is not encrypted to, pulled by a node that missed the push, and bad uploads refused with a
// clear error and nothing stored — for envelopes of both suites (X25519 and SM2); and the
// genesis hash covers the SM2 keys.
// Method: four ValidatorNodes (one per institution) over the in-memory p2p twin with LMDB in a
// temp dir, each with its gateway on an ephemeral port, its institution's travel-rule private
// key and an operator token; plain fetch against them. Conditions are awaited with generous
// deadlines (no timing assertions).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryNetwork, MemoryTransport } from "@tongbao/p2p";
import {
  SM_SUITE,
  encodeEnvelope,
  encodeSm2Key,
  encryptTravelRule,
  generateSm2TravelRuleKeyPair,
  generateTravelRuleKeyPair,
  type EncryptedTravelRule,
  type TravelRuleData,
} from "@tongbao/travel-rule";
import type { InstitutionId } from "@tongbao/types";
import { waitFor } from "../test/network.ts";
import {
  INSTITUTIONS,
  TRAVEL_RULE_CHAIN_ID,
  WITHOUT_SM2_KEY,
  sampleTravelRuleData,
  travelRuleNetwork,
  type TravelRuleNetwork,
} from "../test/travel-rule-network.ts";
import { createNodeLogger } from "./runtime/logger.ts";
import { ValidatorNode } from "./runtime/validator-node.ts";
import { startApiGateway } from "./gateway.ts";
import { checkRemitTravelRule } from "./travel-rule/remit-admission.ts";
import type { RelayLinks } from "./travel-rule/relay.ts";
import { genesisHashOf, parseGenesis, type GenesisDocument } from "./runtime/genesis.ts";

interface Json {
  readonly [key: string]: unknown;
}

const TOKENS = INSTITUTIONS.map((id) => `token-of-${id}-${"x".repeat(32)}`);

describe("travel-rule envelopes between gateways", () => {
  let dir: string;
  let net: TravelRuleNetwork;
  const network = new MemoryNetwork();
  const nodes: ValidatorNode[] = [];
  const urls: string[] = [];

  /** hk-bank → ph-bank, readable by both and by the regulator hkma. */
  async function seal(
    data: TravelRuleData = sampleTravelRuleData(),
    recipients: readonly string[] = ["hk-bank", "ph-bank", "hkma"],
    paymentId = "payer:1",
  ): Promise<EncryptedTravelRule> {
    return encryptTravelRule({
      data,
      chainId: TRAVEL_RULE_CHAIN_ID,
      paymentId,
      recipients: recipients.map((id) => ({
        institution: id as InstitutionId,
        publicKey: net.travelRuleKeys.get(id)!.publicKey,
      })),
    });
  }

  /** The same with the national-algorithms suite, to the institutions' SM2 keys. */
  async function sealSm(
    recipients: readonly string[] = ["hk-bank", "ph-bank", "hkma"],
    paymentId = "payer:sm",
  ): Promise<EncryptedTravelRule> {
    return encryptTravelRule({
      data: sampleTravelRuleData(),
      chainId: TRAVEL_RULE_CHAIN_ID,
      paymentId,
      suite: SM_SUITE,
      recipients: recipients.map((id) => ({
        institution: id as InstitutionId,
        publicKey: net.travelRuleSm2Keys.get(id)!.publicKey,
      })),
    });
  }

  async function upload(at: number, body: unknown): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${urls[at]}/v1/travel-rule`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  async function read(
    at: number,
    hash: string,
    /** null: no Authorization header. */
    token: string | null = TOKENS[at]!,
  ): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${urls[at]}/v1/travel-rule/${hash}`, {
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  const errorOf = (body: Json) => body["error"] as { code: string; message: string };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "tongbao-travel-rule-"));
    net = travelRuleNetwork(41000);
    for (let i = 0; i < INSTITUTIONS.length; i++) {
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
    for (const [i, node] of nodes.entries()) {
      const gateway = await node.attachGateway((access) =>
        startApiGateway(access, {
          host: "127.0.0.1",
          port: 0,
          travelRule: {
            privateKey: net.travelRuleKeys.get(INSTITUTIONS[i]!)!.privateKey,
            // hkma's gateway (node-3) is given no SM2 key, to show what its operator is told.
            ...(INSTITUTIONS[i] === "hkma"
              ? {}
              : { sm2PrivateKey: net.travelRuleSm2Keys.get(INSTITUTIONS[i]!)?.privateKey }),
            operatorToken: TOKENS[i]!,
          },
        }),
      );
      urls.push(gateway.url);
    }
    await waitFor("every node linked to every other", () =>
      nodes.every((node) => node.nodeHealth().peers.every((p) => p.connected)),
    );
  });

  after(async () => {
    for (const node of nodes) await node.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("GET /v1/institutions serves each institution's travel-rule key", async () => {
    const response = await fetch(`${urls[2]}/v1/institutions`);
    const { institutions } = (await response.json()) as { institutions: Json[] };
    const keys = Object.fromEntries(institutions.map((i) => [i["id"], i["travelRuleKey"]]));
    for (const id of INSTITUTIONS) {
      assert.equal(
        keys[id],
        Buffer.from(net.travelRuleKeys.get(id)!.publicKey).toString("base64url"),
      );
    }
  });

  test("an envelope uploaded at the sender's gateway is decrypted at each recipient's", async () => {
    const sealed = await seal();
    const uploaded = await upload(0, { hash: sealed.dataHash, envelope: sealed.encoded });
    assert.equal(uploaded.status, 200, JSON.stringify(uploaded.body));
    assert.deepEqual(uploaded.body, { hash: sealed.dataHash, status: "stored" });
    for (const at of [1, 3]) {
      await waitFor(`node-${at} to receive the push`, () =>
        nodes[at]!.travelRule.book.has(sealed.dataHash),
      );
      const { status, body } = await read(at, sealed.dataHash);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(body, {
        hash: sealed.dataHash,
        paymentId: "payer:1",
        recipients: ["hk-bank", "hkma", "ph-bank"],
        data: sampleTravelRuleData(),
      });
    }
    // The sender's own institution is a recipient as well.
    assert.equal((await read(0, sealed.dataHash)).status, 200);
  });

  test("a member the envelope is not encrypted to gets 403 not_a_recipient", async () => {
    const sealed = await seal();
    assert.equal(
      (await upload(0, { hash: sealed.dataHash, envelope: sealed.encoded })).status,
      200,
    );
    await waitFor("node-2 to receive the push", () =>
      nodes[2]!.travelRule.book.has(sealed.dataHash),
    );
    const { status, body } = await read(2, sealed.dataHash);
    assert.equal(status, 403);
    assert.equal(errorOf(body).code, "not_a_recipient");
    assert.match(errorOf(body).message, /not to sg-bank/);
  });

  test("reading needs this node's operator token", async () => {
    const sealed = await seal();
    await upload(0, { hash: sealed.dataHash, envelope: sealed.encoded });
    const none = await read(1, sealed.dataHash, null);
    assert.equal(none.status, 401);
    assert.equal(errorOf(none.body).code, "operator_token_required");
    assert.match(errorOf(none.body).message, /Authorization: Bearer/);
    const other = await read(1, sealed.dataHash, TOKENS[0]);
    assert.equal(other.status, 401);
    assert.match(errorOf(other.body).message, /not this node's operator token/);
  });

  test("a node that missed the push pulls the envelope from its peers", async () => {
    const sealed = await seal(sampleTravelRuleData(), ["hk-bank", "ph-bank", "hkma"], "payer:2");
    // Stored at node-0 only, as if every push had been dropped on the way.
    nodes[0]!.travelRule.book.put(sealed.dataHash, sealed.encoded);
    assert.equal(nodes[1]!.travelRule.book.has(sealed.dataHash), false);
    const { status, body } = await read(1, sealed.dataHash);
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body["data"], sampleTravelRuleData());
    assert.equal(nodes[1]!.travelRule.book.has(sealed.dataHash), true, "kept once pulled");
  });

  test("a hash nobody holds is 404 once the peers have answered", async () => {
    const { status, body } = await read(1, "ab".repeat(32));
    assert.equal(status, 404);
    assert.equal(errorOf(body).code, "travel_rule_not_found");
  });

  test("the same envelope again is idempotent; another under the same hash is 409", async () => {
    const sealed = await seal();
    assert.equal(
      (await upload(0, { hash: sealed.dataHash, envelope: sealed.encoded })).status,
      200,
    );
    // Uploaded again and again, a known envelope is not pushed to the peers each time (their
    // queues carry transaction gossip too): at most once per REPUSH_INTERVAL_MS.
    const links = (nodes[0]!.travelRule as unknown as { links: RelayLinks }).links;
    const send = links.send.bind(links);
    let pushes = 0;
    links.send = (peer, channel, bytes) => {
      pushes++;
      return send(peer, channel, bytes);
    };
    try {
      for (let i = 0; i < 3; i++) {
        const again = await upload(0, { hash: sealed.dataHash, envelope: sealed.encoded });
        assert.deepEqual(again, { status: 200, body: { hash: sealed.dataHash, status: "known" } });
      }
    } finally {
      links.send = send;
    }
    assert.equal(pushes, 0);
    // Same commitment, other ciphertext: a fresh nonce and content key over the same header.
    const other = encodeEnvelope({ ...sealed.envelope, paymentId: "payer:9" });
    const conflict = await upload(0, { hash: sealed.dataHash, envelope: other });
    assert.equal(conflict.status, 409);
    assert.equal(errorOf(conflict.body).code, "envelope_conflict");
    assert.equal(nodes[0]!.travelRule.book.get(sealed.dataHash), sealed.encoded);
  });

  test("bad uploads are refused with what to fix, and nothing is stored", async () => {
    const sealed = await seal();
    const stranger = generateTravelRuleKeyPair();
    const forged = await encryptTravelRule({
      data: sampleTravelRuleData(),
      chainId: TRAVEL_RULE_CHAIN_ID,
      paymentId: "payer:3",
      recipients: [{ institution: "ph-bank" as InstitutionId, publicKey: stranger.publicKey }],
    });
    const outsider = await encryptTravelRule({
      data: sampleTravelRuleData(),
      chainId: TRAVEL_RULE_CHAIN_ID,
      paymentId: "payer:4",
      recipients: [{ institution: "no-bank" as InstitutionId, publicKey: stranger.publicKey }],
    });
    const otherChain = await encryptTravelRule({
      data: sampleTravelRuleData(),
      chainId: "another-chain",
      paymentId: "payer:5",
      recipients: [
        {
          institution: "ph-bank" as InstitutionId,
          publicKey: net.travelRuleKeys.get("ph-bank")!.publicKey,
        },
      ],
    });
    const cases: { body: unknown; status: number; code: string; message: RegExp; hash: string }[] =
      [
        {
          body: { hash: sealed.dataHash, envelope: "{}" },
          status: 400,
          code: "envelope_invalid",
          message: /envelope: /,
          hash: sealed.dataHash,
        },
        {
          body: { hash: "cd".repeat(32), envelope: sealed.encoded },
          status: 400,
          code: "envelope_invalid",
          message: /commits to .* not to cdcd/,
          hash: "cd".repeat(32),
        },
        {
          body: { hash: forged.dataHash, envelope: forged.encoded },
          status: 400,
          code: "envelope_invalid",
          message: /not made for its travel-rule key/,
          hash: forged.dataHash,
        },
        {
          body: { hash: outsider.dataHash, envelope: outsider.encoded },
          status: 400,
          code: "envelope_invalid",
          message: /no-bank is not a member institution/,
          hash: outsider.dataHash,
        },
        {
          body: { hash: otherChain.dataHash, envelope: otherChain.encoded },
          status: 400,
          code: "envelope_invalid",
          message: /made for chain another-chain/,
          hash: otherChain.dataHash,
        },
        {
          // Nested deeper than any check may recurse: refused, never a crash (or, from a peer, a
          // halt: peers' pushes go through the same check).
          body: { hash: sealed.dataHash, envelope: "[".repeat(20_000) + "]".repeat(20_000) },
          status: 400,
          code: "envelope_invalid",
          message: /envelope: /,
          hash: sealed.dataHash,
        },
        {
          body: { hash: sealed.dataHash, envelope: "x".repeat(64 * 1024 + 1) },
          status: 400,
          code: "invalid_request",
          message: /envelope/,
          hash: sealed.dataHash,
        },
        {
          body: { hash: "NOT-A-HASH", envelope: sealed.encoded },
          status: 400,
          code: "invalid_request",
          message: /hash/,
          hash: sealed.dataHash,
        },
      ];
    for (const c of cases) {
      const { status, body } = await upload(0, c.body);
      assert.equal(status, c.status, JSON.stringify(body));
      assert.equal(errorOf(body).code, c.code);
      assert.match(errorOf(body).message, c.message);
      for (const node of nodes) assert.equal(node.travelRule.book.has(c.hash), false);
    }
  });

  test("GET /v1/institutions serves each institution's SM2 travel-rule key, if it has one", async () => {
    const response = await fetch(`${urls[1]}/v1/institutions`);
    const { institutions } = (await response.json()) as { institutions: Json[] };
    const keys = Object.fromEntries(institutions.map((i) => [i["id"], i["travelRuleSm2Key"]]));
    for (const id of INSTITUTIONS) {
      const pair = net.travelRuleSm2Keys.get(id);
      assert.equal(keys[id], pair === undefined ? undefined : encodeSm2Key(pair.publicKey));
    }
    assert.equal(keys[WITHOUT_SM2_KEY], undefined);
  });

  test("an SM2 envelope is decrypted at each recipient's gateway that holds its SM2 key", async () => {
    const sealed = await sealSm();
    const uploaded = await upload(1, { hash: sealed.dataHash, envelope: sealed.encoded });
    assert.equal(uploaded.status, 200, JSON.stringify(uploaded.body));
    for (const at of [0, 1]) {
      await waitFor(`node-${at} to hold the envelope`, () =>
        nodes[at]!.travelRule.book.has(sealed.dataHash),
      );
      const { status, body } = await read(at, sealed.dataHash);
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual(body["data"], sampleTravelRuleData());
      assert.deepEqual(body["recipients"], ["hk-bank", "hkma", "ph-bank"]);
    }
    // hkma is a recipient, but its gateway was given only its X25519 key.
    const hkma = await read(3, sealed.dataHash);
    assert.equal(hkma.status, 403, JSON.stringify(hkma.body));
    assert.equal(errorOf(hkma.body).code, "not_a_recipient");
    assert.match(errorOf(hkma.body).message, /no SM2 travel-rule private key of hkma/);
  });

  test("SM2 envelopes to a wrong key or to an institution without an SM2 key are refused", async () => {
    const stranger = generateSm2TravelRuleKeyPair();
    const forged = await encryptTravelRule({
      data: sampleTravelRuleData(),
      chainId: TRAVEL_RULE_CHAIN_ID,
      paymentId: "payer:sm-forged",
      suite: SM_SUITE,
      recipients: [{ institution: "ph-bank" as InstitutionId, publicKey: stranger.publicKey }],
    });
    const noKey = await encryptTravelRule({
      data: sampleTravelRuleData(),
      chainId: TRAVEL_RULE_CHAIN_ID,
      paymentId: "payer:sm-nokey",
      suite: SM_SUITE,
      recipients: [
        { institution: WITHOUT_SM2_KEY as InstitutionId, publicKey: stranger.publicKey },
      ],
    });
    for (const [sealed, message] of [
      [forged, /the entry for ph-bank is not made for its travel-rule key/],
      [noKey, /sg-bank is not a member institution with a travelRuleSm2Key/],
    ] as const) {
      const { status, body } = await upload(0, { hash: sealed.dataHash, envelope: sealed.encoded });
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(errorOf(body).code, "envelope_invalid");
      assert.match(errorOf(body).message, message);
      for (const node of nodes) assert.equal(node.travelRule.book.has(sealed.dataHash), false);
    }
  });

  test("remit admission: the envelope must be held and name every required institution", async () => {
    const sealed = await seal(sampleTravelRuleData(), ["hk-bank", "ph-bank"], "payer:6");
    await upload(0, { hash: sealed.dataHash, envelope: sealed.encoded });
    const relay = nodes[0]!.travelRule;
    assert.deepEqual(await checkRemitTravelRule(relay, sealed.dataHash, ["hk-bank", "ph-bank"]), {
      ok: true,
    });
    const missing = await checkRemitTravelRule(relay, sealed.dataHash, [
      "hk-bank",
      "ph-bank",
      "hkma",
    ]);
    assert.equal(missing.ok, false);
    assert.equal(!missing.ok && missing.code, "travel_rule_recipients_missing");
    assert.deepEqual(!missing.ok && missing.missing, ["hkma"]);
    const unknown = await checkRemitTravelRule(relay, "ef".repeat(32), ["hk-bank"]);
    assert.equal(!unknown.ok && unknown.code, "travel_rule_missing");
  });
});

test("the genesis hash covers the SM2 travel-rule keys, and is as before without them", () => {
  const { genesis } = travelRuleNetwork(41100);
  const doc = genesis.document;
  const withInstitutions = (
    change: (entry: GenesisDocument["ledger"]["institutions"][number]) => object,
  ) =>
    parseGenesis({
      ...doc,
      ledger: { ...doc.ledger, institutions: doc.ledger.institutions.map(change) },
    });
  assert.equal(genesis.travelRuleSm2Keys.size, INSTITUTIONS.length - 1);
  const swapped = withInstitutions((entry) =>
    entry.id === "ph-bank"
      ? { ...entry, travelRuleSm2Key: encodeSm2Key(generateSm2TravelRuleKeyPair().publicKey) }
      : entry,
  );
  assert.notDeepEqual(swapped.genesisHash, genesis.genesisHash);
  const withoutSm2 = withInstitutions(({ travelRuleSm2Key: _, ...entry }) => entry);
  assert.equal(withoutSm2.travelRuleSm2Keys.size, 0);
  assert.notDeepEqual(withoutSm2.genesisHash, genesis.genesisHash);
  // No SM2 keys: the hash is the X25519-only formula, so existing genesis files keep their hash.
  assert.deepEqual(
    withoutSm2.genesisHash,
    genesisHashOf(
      doc.chainId,
      doc.genesisTimeMs,
      withoutSm2.appHash,
      withoutSm2.validators,
      withoutSm2.travelRuleKeys,
    ),
  );
});
