/**
 * Key files: one JSON object per key,
 *
 *   { "version": 1, "type": "ed25519" | "p256", "publicKey": hex, "privateKey": hex(PKCS #8 DER),
 *     "accountId": hex }
 *
 * The public key and account id are redundant on purpose: an operator can read which account a
 * file controls without tools, and loading checks that all three agree, so a file pieced
 * together from two keys, or edited by hand, is refused instead of signing as someone else.
 */
import { randomBytes } from "node:crypto";
import { link, open, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { assert, bytesToHex, equalBytes, hexToBytes } from "@tongbao/std";
import { KeyType, PUBLIC_KEY_BYTES, accountIdFromPublicKey } from "@tongbao/codec";
import { keyPairFromPrivateKey, type KeyPair } from "./keys.ts";

export const KEY_FILE_VERSION = 1;
/** A key file is a few hundred bytes; anything far larger is not one. */
export const KEY_FILE_BYTES_MAX = 16 * 1024;

const FIELDS = ["version", "type", "publicKey", "privateKey", "accountId"] as const;
const TYPE_NAMES = { ed25519: KeyType.Ed25519, p256: KeyType.P256 } as const;

/** Says which file is wrong, what is wrong with it, and what to do. */
export class KeyFileError extends Error {
  override name = "KeyFileError";
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`key file ${path}: ${problem}. ${fix}`);
  }
}

export interface SaveKeyFileOptions {
  /** Replace an existing file. Off by default: overwriting a key loses the account. */
  readonly overwrite?: boolean;
}

/**
 * Writes the key file readable by its owner only (mode 0600). The content goes to a temporary
 * file in the same directory, is flushed to disk and only then given its name, so a crash
 * leaves either no key file or a complete one, never half a key.
 */
export async function saveKeyFile(
  path: string,
  keyPair: KeyPair,
  options: SaveKeyFileOptions = {},
): Promise<void> {
  const derived = keyPairFromPrivateKey(keyPair.privateKey);
  assert(
    derived.type === keyPair.type &&
      equalBytes(derived.publicKey, keyPair.publicKey) &&
      derived.accountId === keyPair.accountId,
    "saveKeyFile: the key pair's public key or account id does not belong to its private key",
  );
  const text =
    JSON.stringify(
      {
        version: KEY_FILE_VERSION,
        type: keyPair.type === KeyType.Ed25519 ? "ed25519" : "p256",
        publicKey: bytesToHex(keyPair.publicKey),
        privateKey: bytesToHex(keyPair.privateKey),
        accountId: keyPair.accountId,
      },
      null,
      2,
    ) + "\n";
  const directory = dirname(path);
  const temp = join(directory, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (options.overwrite === true) await rename(temp, path);
    else await link(temp, path); // link, unlike rename, fails if the name is taken.
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new KeyFileError(
        path,
        "already exists",
        "Refusing to overwrite a key; move the old file away or pass { overwrite: true }",
      );
    }
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
  // The rename or link is durable only once the directory entry is on disk.
  const dir = await open(directory, "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** Reads and checks a key file; every problem is a KeyFileError that says what to do. */
export async function loadKeyFile(path: string): Promise<KeyPair> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new KeyFileError(path, "is not a regular file", "Give the path of the key file itself");
    }
    if (info.size > KEY_FILE_BYTES_MAX) {
      throw new KeyFileError(
        path,
        `is ${info.size} bytes, more than a key file's ${KEY_FILE_BYTES_MAX}`,
        "Check that the path names a key file",
      );
    }
    if (process.platform !== "win32" && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(4, "0");
      throw new KeyFileError(
        path,
        `can be read or written by other users (mode ${mode})`,
        `Run: chmod 600 ${path}`,
      );
    }
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof KeyFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new KeyFileError(
        path,
        "does not exist",
        "Check the path, or create a key with generateKeyPair() and saveKeyFile()",
      );
    }
    throw new KeyFileError(path, `cannot be read (${code ?? String(error)})`, "Check permissions");
  }
  return parseKeyFile(path, text);
}

function parseKeyFile(path: string, text: string): KeyPair {
  const fail = (problem: string, fix: string): never => {
    throw new KeyFileError(path, problem, fix);
  };
  const restore = "Restore the file from its backup; a key file must not be edited by hand";
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail("is not valid JSON", restore);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return fail("is not a JSON object", restore);
  }
  const file = json as Record<string, unknown>;
  if (file["version"] !== KEY_FILE_VERSION) {
    fail(
      `has version ${JSON.stringify(file["version"])}, this build reads version ${KEY_FILE_VERSION}`,
      "Use the tongbao release that wrote the file, or re-export the key in version 1",
    );
  }
  for (const name of Object.keys(file)) {
    if (!(FIELDS as readonly string[]).includes(name)) {
      fail(`has an unknown field "${name}"`, `Remove it; the fields are ${FIELDS.join(", ")}`);
    }
  }
  const typeName = file["type"];
  if (typeName !== "ed25519" && typeName !== "p256") {
    return fail(`has type ${JSON.stringify(typeName)}`, 'The type must be "ed25519" or "p256"');
  }
  const type = TYPE_NAMES[typeName];
  const publicKey = hexField(fail, file, "publicKey", PUBLIC_KEY_BYTES[type]);
  const privateKeyBytes = hexField(fail, file, "privateKey", undefined);
  let derived: KeyPair;
  try {
    derived = keyPairFromPrivateKey(privateKeyBytes);
  } catch (error) {
    return fail(`has a privateKey that is not usable (${(error as Error).message})`, restore);
  }
  if (derived.type !== type) {
    fail(
      `says type "${typeName}" but the private key is ${derived.type === KeyType.Ed25519 ? "ed25519" : "p256"}`,
      restore,
    );
  }
  if (!equalBytes(derived.publicKey, publicKey)) {
    fail("has a publicKey that does not belong to its privateKey", restore);
  }
  const accountId = file["accountId"];
  const expected = accountIdFromPublicKey(type, publicKey);
  if (accountId !== expected) {
    fail(
      `has accountId ${JSON.stringify(accountId)} but its key's account is ${expected}`,
      restore,
    );
  }
  return derived;
}

function hexField(
  fail: (problem: string, fix: string) => never,
  file: Record<string, unknown>,
  name: string,
  bytes: number | undefined,
): Uint8Array {
  const value = file[name];
  if (typeof value !== "string" || value.length === 0) {
    return fail(`has no ${name}`, `Add "${name}" as lower-case hex`);
  }
  if (!/^(?:[0-9a-f]{2})+$/.test(value)) {
    return fail(`has a ${name} that is not lower-case hex of whole bytes`, "Restore the file");
  }
  if (bytes !== undefined && value.length !== bytes * 2) {
    return fail(
      `has a ${name} of ${value.length / 2} bytes, expected ${bytes}`,
      "Restore the file",
    );
  }
  return hexToBytes(value);
}
