// Goal: the API address of a validator — a node config's `api` section or `--api HOST:PORT` — is
// read as documented (port 0 allowed for a free port), and a malformed one is refused with a
// message that shows the expected form.
// Method: node configs written to a temp dir and loaded with loadNodeConfig; parseApiAddress on
// good and bad strings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliError } from "./errors.ts";
import { loadNodeConfig, parseApiAddress } from "./network.ts";

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
