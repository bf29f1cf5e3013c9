// Goal: a node's travel-rule key file carries its SM2 pair beside the X25519 one, a file written
// before SM2 keys existed still loads (X25519 only), and a bad SM2 key is refused naming the file.
// Method: save and load in a temp dir; hand-written files of the old format and with a bad key.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  encodeX25519Key,
  generateSm2TravelRuleKeyPair,
  generateTravelRuleKeyPair,
} from "@tongbao/travel-rule";
import { CliError } from "./errors.ts";
import { loadTravelRuleKeyFile, saveTravelRuleKeyFile } from "./travel-rule-files.ts";

test("the key file holds both pairs; an old file loads with X25519 only; bad SM2 keys refused", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tongbao-tr-keys-"));
  try {
    const x = generateTravelRuleKeyPair();
    const sm = generateSm2TravelRuleKeyPair();
    const both = join(dir, "both.json");
    await saveTravelRuleKeyFile(both, "hk-bank", x, sm);
    const json = JSON.parse(await readFile(both, "utf8")) as Record<string, string>;
    assert.deepEqual(Object.keys(json).sort(), [
      "institution",
      "privateKey",
      "publicKey",
      "sm2PrivateKey",
      "sm2PublicKey",
    ]);
    const loaded = await loadTravelRuleKeyFile(both);
    assert.deepEqual(loaded.publicKey, x.publicKey);
    assert.deepEqual(loaded.sm2, sm);

    const old = join(dir, "old.json");
    await writeFile(
      old,
      JSON.stringify({ institution: "hk-bank", privateKey: encodeX25519Key(x.privateKey) }),
    );
    const oldLoaded = await loadTravelRuleKeyFile(old);
    assert.deepEqual(oldLoaded.privateKey, x.privateKey);
    assert.equal(oldLoaded.sm2, undefined);

    const bad = join(dir, "bad.json");
    await writeFile(bad, JSON.stringify({ ...json, sm2PrivateKey: "A".repeat(43) }));
    await assert.rejects(
      loadTravelRuleKeyFile(bad),
      (e: unknown) =>
        e instanceof CliError &&
        e.message.includes(`${bad}: sm2PrivateKey`) &&
        /1 ≤ d/.test(e.message),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
