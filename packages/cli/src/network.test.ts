// Goal: `genesis init` writes a network that nodes can load (genesis, node keys, node configs,
// account keys), refuses what it must (a non-empty directory, a config genesis would refuse,
// overwriting a key) with messages that say what to do, and `keys show` never prints a secret;
// a devnet's desks start knowing its demo merchants.
// Method: write networks into temp dirs and read every file back through the loaders the node
// and the CLI use.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadKeyFile } from "@tongbao/crypto";
import { loadGenesisFile } from "@tongbao/node";
import { bytesToHex } from "@tongbao/std";
import { CliError } from "./errors.ts";
import { keysNew, keysShow } from "./keys.ts";
import { loadAccountKey, loadNodeConfig, writeNetwork, type NodeConfig } from "./network.ts";
import { loadOperatorToken, loadTravelRuleKeyFile } from "./travel-rule-files.ts";
import { demoNetworkConfig } from "./devnet/demo.ts";
import { freePorts, prepareDevnet } from "./devnet/devnet.ts";
import {
  VERIFIER_THREADS_MAX,
  defaultVerifierThreads,
  sharedVerifierThreads,
} from "./verifier-threads.ts";

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "tongbao-cli-"));
}

test("genesis init writes a network the node loaders accept", async () => {
  const dir = await tempDir();
  try {
    const out = join(dir, "net");
    const written = await writeNetwork(
      demoNetworkConfig({ validators: 4, ports: [1, 2, 3, 4].map((p) => 30000 + p) }),
      out,
    );
    const genesis = await loadGenesisFile(join(out, "genesis.json"));
    assert.deepEqual(genesis.genesisHash, written.genesis.genesisHash);
    assert.deepEqual(
      genesis.validators.map((v) => v.name),
      ["hk-emoney", "ph-wallet", "fx-bank", "harbour-bank"],
    );
    for (const [i, node] of written.nodes.entries()) {
      const config = await loadNodeConfig(node.configPath);
      assert.equal(config.genesisPath, join(out, "genesis.json"));
      const nodeKey = await loadKeyFile(config.nodeKeyPath);
      assert.equal(bytesToHex(nodeKey.publicKey), genesis.validators[i]!.peerId);
      assert.equal(((await stat(config.nodeKeyPath)).mode & 0o777).toString(8), "600");
      // Its institution's travel-rule private key, matching the public key in genesis.
      const travelRule = await loadTravelRuleKeyFile(config.travelRuleKeyFile!);
      assert.equal(travelRule.institution, genesis.validators[i]!.institution);
      assert.deepEqual(travelRule.publicKey, genesis.travelRuleKeys.get(travelRule.institution));
      // And its SM2 pair, matching travelRuleSm2Key.
      assert.deepEqual(
        travelRule.sm2?.publicKey,
        genesis.travelRuleSm2Keys.get(travelRule.institution),
      );
      assert.equal(((await stat(config.travelRuleKeyFile!)).mode & 0o777).toString(8), "600");
      assert.match(await loadOperatorToken(config.operatorTokenFile!), /^[0-9a-f]{64}$/);
      // Four validators on one machine share its cores for checking signatures.
      assert.equal(config.verifierThreads, sharedVerifierThreads(4));
    }
    // Every institution has a travel-rule key, validators or not; each node a token of its own.
    assert.equal(genesis.travelRuleKeys.size, genesis.ledgerConfig.institutions.length);
    assert.equal(genesis.travelRuleSm2Keys.size, genesis.ledgerConfig.institutions.length);
    const tokens = await Promise.all(
      written.nodes.map(async (n) =>
        loadOperatorToken((await loadNodeConfig(n.configPath)).operatorTokenFile!),
      ),
    );
    assert.equal(new Set(tokens).size, tokens.length);
    const alice = await loadAccountKey(out, "alice");
    assert.ok(
      genesis.ledgerConfig.accounts!.some((a) => a.publicKey === bytesToHex(alice.publicKey)),
    );
    await assert.rejects(loadAccountKey(out, "mallory"), /no account "mallory".*known: hk-emoney/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("genesis init refuses a non-empty directory and an inconsistent config", async () => {
  const dir = await tempDir();
  try {
    await writeFile(join(dir, "something"), "x");
    const config = demoNetworkConfig({ validators: 1, ports: [30001] });
    await assert.rejects(writeNetwork(config, dir), (error: Error) => {
      assert.ok(error instanceof CliError);
      assert.match(error.message, /is not empty: choose another directory/);
      return true;
    });
    const badIssuer = {
      ...config,
      currencies: [{ code: "HKD", minorUnits: 2, issuer: "nobody" }],
    };
    await assert.rejects(
      writeNetwork(badIssuer, join(dir, "fresh")),
      /issuer: no institution "nobody"/,
    );
    const sharedPort = demoNetworkConfig({ validators: 2, ports: [30001, 30001] });
    await assert.rejects(writeNetwork(sharedPort, join(dir, "fresh2")), /used by two validators/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("keys new saves a key that keys show describes without its private half", async () => {
  const dir = await tempDir();
  try {
    const file = join(dir, "k.json");
    const created = await keysNew({ out: file, type: "p256" });
    const shown = await keysShow(file);
    assert.deepEqual(shown, created);
    assert.equal(shown.type, "p256");
    assert.ok(
      !JSON.stringify(shown).includes(
        (JSON.parse(await readFile(file, "utf8")) as { privateKey: string }).privateKey,
      ),
    );
    await assert.rejects(
      keysNew({ out: file, type: "ed25519" }),
      /already exists: refusing to overwrite/,
    );
    await assert.rejects(
      keysNew({ out: join(dir, "x.json"), type: "rsa" }),
      /--type must be ed25519 or p256/,
    );
    await assert.rejects(keysShow(join(dir, "missing.json")), /does not exist/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a devnet's desks know its demo merchants; what merchants register later is kept", async () => {
  const dir = await tempDir();
  try {
    const out = join(dir, "devnet");
    const prepared = await prepareDevnet({
      dir: out,
      validators: 4,
      ports: await freePorts(4),
    });
    const register = async (validator: string) =>
      JSON.parse(await readFile(join(out, validator, "merchants.json"), "utf8")) as {
        merchants: { account: string; name: string; city: string; mcc: string }[];
      };
    const id = (name: string) => prepared.accounts.find((a) => a.name === name)!.accountId;
    assert.deepEqual(
      (await register("hk-emoney")).merchants.map((m) => [m.account, m.name, m.mcc]),
      [[id("tea-house"), "TEA HOUSE", "5812"]],
    );
    assert.deepEqual(
      (await register("ph-wallet")).merchants.map((m) => [m.account, m.name, m.city]),
      [[id("sari-store"), "SARI-SARI STORE", "QUEZON CITY"]],
    );
    assert.deepEqual((await register("fx-bank")).merchants, []);
    // Resuming leaves a register alone.
    await writeFile(join(out, "hk-emoney", "merchants.json"), '{"version":1,"merchants":[]}');
    await prepareDevnet({ dir: out, validators: 4 });
    assert.deepEqual((await register("hk-emoney")).merchants, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a devnet runs the regulator's observer node; one made without it gets it on resume", async () => {
  const dir = await tempDir();
  try {
    const out = join(dir, "devnet");
    const [observerPort, ...ports] = await freePorts(5);
    const prepared = await prepareDevnet({
      dir: out,
      validators: 4,
      ports,
      observerPort: observerPort!,
    });
    assert.deepEqual(
      prepared.nodes.map((n) => [n.name, n.role]),
      [
        ["hk-emoney", "validator"],
        ["ph-wallet", "validator"],
        ["fx-bank", "validator"],
        ["harbour-bank", "validator"],
        ["regulator", "observer"],
      ],
    );
    assert.deepEqual(
      prepared.genesis.observers.map((o) => [o.name, o.institution, o.address.port]),
      [["regulator", "regulator", observerPort]],
    );
    const config = await loadNodeConfig(join(out, "regulator", "node.json"));
    assert.equal(config.role, "observer");
    const key = await loadKeyFile(config.nodeKeyPath);
    assert.equal(bytesToHex(key.publicKey), prepared.genesis.observers[0]!.peerId);

    // Without one, then resumed: the observer joins the same chain.
    const plainDir = join(dir, "plain");
    const plain = await prepareDevnet({
      dir: plainDir,
      validators: 2,
      ports: await freePorts(2),
      observer: false,
    });
    assert.deepEqual(plain.genesis.observers, []);
    assert.deepEqual(
      plain.nodes.map((n) => n.role),
      ["validator", "validator"],
    );
    const resumed = await prepareDevnet({
      dir: plainDir,
      validators: 2,
      observerPort: (await freePorts(1))[0]!,
    });
    assert.deepEqual(resumed.genesis.genesisHash, plain.genesis.genesisHash);
    assert.deepEqual(
      resumed.nodes.map((n) => [n.name, n.role]),
      [
        ["hk-emoney", "validator"],
        ["ph-wallet", "validator"],
        ["regulator", "observer"],
      ],
    );
    const reloaded = await loadGenesisFile(join(plainDir, "genesis.json"));
    assert.equal(reloaded.observers[0]?.name, "regulator");
    assert.equal((await loadNodeConfig(join(plainDir, "regulator", "node.json"))).role, "observer");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("genesis init refuses observers genesis would refuse, saying what to fix", async () => {
  const dir = await tempDir();
  try {
    const config = demoNetworkConfig({ validators: 1, ports: [31001] });
    await assert.rejects(
      writeNetwork(
        { ...config, observers: [{ institution: "nobody", address: "127.0.0.1:31000" }] },
        join(dir, "a"),
      ),
      (error: unknown) =>
        error instanceof CliError &&
        /observers\[0\]\.institution: no institution "nobody"/.test(error.message),
    );
    await assert.rejects(
      writeNetwork({ ...config, observers: "regulator" as never }, join(dir, "b")),
      (error: unknown) =>
        error instanceof CliError && /"observers" must be a list/.test(error.message),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/**
 * Runs `check` with a loader of one node.json whose `section` is replaced by each value given,
 * and checks that each of `bad` is refused with a message matching `refusal`.
 */
async function checkSection(
  section: string,
  port: number,
  check: (load: (value: unknown) => Promise<NodeConfig>) => Promise<void>,
  bad: readonly unknown[],
  refusal: RegExp,
): Promise<void> {
  const dir = await tempDir();
  try {
    const out = join(dir, "net");
    const written = await writeNetwork(demoNetworkConfig({ validators: 1, ports: [port] }), out);
    const path = written.nodes[0]!.configPath;
    const file = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
    const load = async (value: unknown) => {
      await writeFile(path, JSON.stringify({ ...file, [section]: value }));
      return loadNodeConfig(path);
    };
    await check(load);
    for (const value of bad) {
      await assert.rejects(load(value), (error: unknown) => {
        assert.ok(error instanceof CliError, String(error));
        assert.match(error.message, refusal);
        return true;
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("a node config's verifier threads: a count from 0 up, or absent; anything else says what to write", async () => {
  await checkSection(
    "verification",
    30101,
    async (load) => {
      assert.equal((await load({ threads: 0 })).verifierThreads, 0);
      assert.equal((await load({ threads: 3 })).verifierThreads, 3);
      assert.equal((await load(undefined)).verifierThreads, undefined);
    },
    [{ threads: -1 }, { threads: 1.5 }, { threads: "2" }, { threads: 65 }, 4],
    /"verification" must be \{ "threads": <0 to 64> \}/,
  );
});

test("a node config's heap growth: a percent from 0 up, or absent; anything else says what to write", async () => {
  await checkSection(
    "memory",
    30102,
    async (load) => {
      assert.equal((await load({ heapGrowthPercent: 0 })).heapGrowthPercent, 0);
      assert.equal((await load({ heapGrowthPercent: 400 })).heapGrowthPercent, 400);
      assert.equal((await load({})).heapGrowthPercent, undefined);
      assert.equal((await load(undefined)).heapGrowthPercent, undefined);
    },
    [
      { heapGrowthPercent: -1 },
      { heapGrowthPercent: 2.5 },
      { heapGrowthPercent: "25" },
      { heapGrowthPercent: 401 },
      25,
      null,
    ],
    /"memory" must be \{ "heapGrowthPercent": <0 to 400> \}/,
  );
});

test("verifier threads: every core but the event loop's alone, a share of them when nodes share a machine", () => {
  assert.equal(defaultVerifierThreads(1), 1);
  assert.equal(defaultVerifierThreads(2), 1);
  assert.equal(defaultVerifierThreads(8), 7);
  assert.equal(sharedVerifierThreads(1, 2), 2);
  assert.equal(sharedVerifierThreads(4, 2), 1);
  assert.equal(sharedVerifierThreads(5, 16), 3);
  // Never past what a node config may ask for, however many cores.
  assert.equal(defaultVerifierThreads(128), VERIFIER_THREADS_MAX);
  assert.equal(sharedVerifierThreads(1, 128), VERIFIER_THREADS_MAX);
});
