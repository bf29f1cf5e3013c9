// Goal: a saved key loads back unchanged, is private to its owner, never overwrites a key by
// accident, and every kind of broken file is refused with a message that names the problem.
// Method: save and load in a fresh temporary directory; then write broken files by hand (from a
// valid file with one field changed) and check each KeyFileError.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  KeyFileError,
  KeyType,
  generateKeyPair,
  loadKeyFile,
  saveKeyFile,
  sign,
  verify,
} from "./index.ts";

async function withDirectory(run: (directory: string) => Promise<void>): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), "tongbao-key-file-"));
  try {
    await run(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function refuses(path: string, problem: RegExp): Promise<void> {
  await assert.rejects(loadKeyFile(path), (error: unknown) => {
    assert.ok(error instanceof KeyFileError, `expected KeyFileError, got ${String(error)}`);
    assert.match(error.problem, problem);
    assert.ok(error.fix.length > 0, "the error says what to do");
    assert.ok(error.message.includes(path), "the error names the file");
    return true;
  });
}

/** Writes `content` as a file with the right permissions, so that only its content is wrong. */
async function writeKey(path: string, content: unknown): Promise<void> {
  await writeFile(path, typeof content === "string" ? content : JSON.stringify(content), {
    mode: 0o600,
  });
  await chmod(path, 0o600);
}

for (const type of [KeyType.Ed25519, KeyType.P256]) {
  test(`type ${type}: save then load gives the same key pair, in a file of mode 0600`, async () => {
    await withDirectory(async (directory) => {
      const path = join(directory, "validator.key.json");
      const keyPair = generateKeyPair(type);
      await saveKeyFile(path, keyPair);
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      assert.deepEqual(await readdir(directory), ["validator.key.json"], "no temporary file left");
      const loaded = await loadKeyFile(path);
      assert.deepEqual(loaded, keyPair);
      const input = { chainId: "tongbao-test-1", purpose: "tx", payload: Uint8Array.of(1) };
      const signature = sign(loaded.privateKey, input);
      assert.equal(
        verify({ keyType: type, publicKey: keyPair.publicKey, signature, ...input }),
        true,
      );
      const json = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
      assert.deepEqual(Object.keys(json), [
        "version",
        "type",
        "publicKey",
        "privateKey",
        "accountId",
      ]);
      assert.equal(json["type"], type === KeyType.Ed25519 ? "ed25519" : "p256");
    });
  });
}

test("an existing key file is not overwritten unless asked", async () => {
  await withDirectory(async (directory) => {
    const path = join(directory, "key.json");
    const first = generateKeyPair();
    const second = generateKeyPair();
    await saveKeyFile(path, first);
    await assert.rejects(saveKeyFile(path, second), (error: unknown) => {
      assert.ok(error instanceof KeyFileError);
      assert.match(error.problem, /already exists/);
      return true;
    });
    assert.deepEqual(await loadKeyFile(path), first);
    assert.deepEqual(await readdir(directory), ["key.json"]);
    await saveKeyFile(path, second, { overwrite: true });
    assert.deepEqual(await loadKeyFile(path), second);
    assert.deepEqual(await readdir(directory), ["key.json"]);
  });
});

test("each kind of broken key file is refused with its own reason", async () => {
  await withDirectory(async (directory) => {
    const valid = join(directory, "valid.json");
    const ed = generateKeyPair(KeyType.Ed25519);
    const p = generateKeyPair(KeyType.P256);
    await saveKeyFile(valid, ed);
    const good = JSON.parse(await readFile(valid, "utf8")) as Record<string, unknown>;
    const pGood = { ...good, type: "p256", publicKey: "", privateKey: "", accountId: "" };
    const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
    pGood["publicKey"] = hex(p.publicKey);
    pGood["privateKey"] = hex(p.privateKey);
    pGood["accountId"] = p.accountId;

    const cases: [string, unknown, RegExp][] = [
      ["not-json", "{ version: 1", /not valid JSON/],
      ["array", "[1]", /not a JSON object/],
      ["version-2", { ...good, version: 2 }, /version 2, this build reads version 1/],
      ["no-version", { ...good, version: undefined }, /version undefined/],
      ["extra-field", { ...good, comment: "mine" }, /unknown field "comment"/],
      ["bad-type", { ...good, type: "rsa" }, /type "rsa"/],
      ["no-public", { ...good, publicKey: undefined }, /no publicKey/],
      [
        "bad-hex",
        { ...good, publicKey: "zz" + String(good["publicKey"]).slice(2) },
        /not lower-case hex/,
      ],
      [
        "upper-hex",
        { ...good, privateKey: String(good["privateKey"]).toUpperCase() },
        /not lower-case hex/,
      ],
      [
        "odd-hex",
        { ...good, privateKey: String(good["privateKey"]).slice(1) },
        /not lower-case hex/,
      ],
      [
        "short-public",
        { ...good, publicKey: String(good["publicKey"]).slice(2) },
        /31 bytes, expected 32/,
      ],
      ["not-pkcs8", { ...good, privateKey: "3000" }, /privateKey that is not usable/],
      ["other-public", { ...good, publicKey: hex(generateKeyPair().publicKey) }, /does not belong/],
      [
        "type-mismatch",
        { ...pGood, type: "ed25519", publicKey: hex(ed.publicKey) },
        /private key is p256/,
      ],
      ["other-account", { ...good, accountId: p.accountId }, /accountId "[0-9a-f]{40}" but/],
      ["no-account", { ...good, accountId: undefined }, /accountId undefined/],
    ];
    for (const [name, content, problem] of cases) {
      const path = join(directory, `${name}.json`);
      await writeKey(path, content);
      await refuses(path, problem);
    }
    // The P-256 variant built above is itself valid, so the cases test one change each.
    const pPath = join(directory, "p256.json");
    await writeKey(pPath, pGood);
    assert.deepEqual(await loadKeyFile(pPath), p);
  });
});

test("a missing file, a directory, a huge file and loose permissions are refused", async () => {
  await withDirectory(async (directory) => {
    await refuses(join(directory, "missing.json"), /does not exist/);
    await refuses(directory, /not a regular file/);
    const huge = join(directory, "huge.json");
    await writeKey(huge, " ".repeat(20_000));
    await refuses(huge, /more than a key file's/);
    const open = join(directory, "open.json");
    await saveKeyFile(open, generateKeyPair());
    await chmod(open, 0o644);
    await refuses(open, /other users \(mode 0644\)/);
  });
});
