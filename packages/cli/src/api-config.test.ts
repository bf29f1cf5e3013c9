// Goal: the API address of a validator — a node config's `api` section or `--api HOST:PORT` — is
// read as documented (port 0 allowed for a free port), and a malformed one is refused with a
// message that shows the expected form; likewise the institution desk's section and the wallet.
// Method: node configs written to a temp dir and loaded with loadNodeConfig; parseApiAddress on
// good and bad strings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliError } from "./errors.ts";
import { loadNodeConfig, parseApiAddress, parseDemoFunds } from "./network.ts";

const base = { name: "v1", genesis: "g.json", nodeKey: "k.json", dataDir: "data" };

test("a node config's api section is loaded; without one there is no API", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tongbao-cli-api-"));
  try {
    const withApi = join(dir, "with.json");
    await writeFile(withApi, JSON.stringify({ ...base, api: { host: "127.0.0.1", port: 0 } }));
    assert.deepEqual((await loadNodeConfig(withApi)).api, { host: "127.0.0.1", port: 0 });
    const without = join(dir, "without.json");
    await writeFile(without, JSON.stringify(base));
    assert.equal((await loadNodeConfig(without)).api, undefined);
    const bad = join(dir, "bad.json");
    await writeFile(bad, JSON.stringify({ ...base, api: { host: "127.0.0.1", port: 70000 } }));
    await assert.rejects(
      loadNodeConfig(bad),
      (e: unknown) => e instanceof CliError && /"api" must be \{ "host"/.test(e.message),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("--api HOST:PORT is parsed, and refused when malformed", () => {
  assert.deepEqual(parseApiAddress("127.0.0.1:8080"), { host: "127.0.0.1", port: 8080 });
  assert.deepEqual(parseApiAddress("127.0.0.1:0"), { host: "127.0.0.1", port: 0 });
  for (const text of ["8080", ":8080", "127.0.0.1:", "127.0.0.1:x", "127.0.0.1:-1"]) {
    assert.throws(() => parseApiAddress(text), CliError, text);
  }
});

test("the institution section and the wallet directory are read, paths beside the config", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tongbao-cli-desk-"));
  try {
    const path = join(dir, "node.json");
    await writeFile(
      path,
      JSON.stringify({
        ...base,
        institution: {
          keyFile: "../keys/hk-emoney.json",
          demoFunds: { amount: "1000.00", currency: "HKD" },
          merchantsFile: "merchants.json",
        },
        wallet: "/srv/wallet",
      }),
    );
    const config = await loadNodeConfig(path);
    assert.deepEqual(config.institution, {
      keyFile: join(dir, "..", "keys", "hk-emoney.json"),
      demoFunds: { amount: "1000.00", currency: "HKD" },
      merchantsFile: join(dir, "merchants.json"),
    });
    assert.equal(config.walletDir, "/srv/wallet");
    const plain = join(dir, "plain.json");
    await writeFile(plain, JSON.stringify(base));
    const none = await loadNodeConfig(plain);
    assert.equal(none.institution, undefined, "no desk unless configured");
    assert.equal(none.walletDir, undefined);
    for (const institution of [
      {},
      { keyFile: 7 },
      { keyFile: "k.json", demoFunds: "lots" },
      { keyFile: "k.json", merchantsFile: "" },
    ]) {
      await writeFile(path, JSON.stringify({ ...base, institution }));
      await assert.rejects(loadNodeConfig(path), CliError, JSON.stringify(institution));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("--demo-funds reads an amount and a currency", () => {
  assert.deepEqual(parseDemoFunds("1000.00 HKD"), { amount: "1000.00", currency: "HKD" });
  assert.deepEqual(parseDemoFunds("  5 PHP "), { amount: "5", currency: "PHP" });
  for (const text of ["1000", "HKD 1000", "1,000 HKD", "-5 HKD", "5 hkd", ""]) {
    assert.throws(() => parseDemoFunds(text), CliError, text);
  }
});
