/** `tongbao keys new` and `tongbao keys show`. */
import {
  KeyFileError,
  KEY_FILE_VERSION,
  KeyType,
  generateKeyPair,
  keyTypeName,
  loadKeyFile,
  saveKeyFile,
} from "@tongbao/crypto";
import { bytesToHex } from "@tongbao/std";
import { CliError } from "./errors.ts";

export interface KeysNewOptions {
  readonly out?: string;
  readonly type: string;
}

/** What is safe to print about a key: never the private half. */
export interface KeyInfo {
  readonly type: "ed25519" | "p256";
  readonly publicKey: string;
  readonly accountId: string;
  readonly file?: string;
  /** Only from `keys new` without --out: the key file's content, private key included. */
  readonly keyFile?: Record<string, unknown>;
}

export async function keysNew(options: KeysNewOptions): Promise<KeyInfo> {
  if (options.type !== "ed25519" && options.type !== "p256") {
    throw new CliError(`--type must be ed25519 or p256, not "${options.type}"`);
  }
  const key = generateKeyPair(options.type === "p256" ? KeyType.P256 : KeyType.Ed25519);
  if (options.out === undefined) {
    // Without --out the key file itself goes to stdout, for a pipe or a secret store.
    process.stderr.write(
      "tongbao: printing a private key; save it with mode 0600 (or use --out FILE) and clear the terminal\n",
    );
    return {
      type: keyTypeName(key.type),
      publicKey: bytesToHex(key.publicKey),
      accountId: key.accountId,
      keyFile: {
        version: KEY_FILE_VERSION,
        type: keyTypeName(key.type),
        publicKey: bytesToHex(key.publicKey),
        privateKey: bytesToHex(key.privateKey),
        accountId: key.accountId,
      },
    };
  }
  try {
    await saveKeyFile(options.out, key);
  } catch (error) {
    if (error instanceof KeyFileError && error.problem === "already exists") {
      throw new CliError(
        `${options.out} already exists: refusing to overwrite a key; choose another --out or move the old file away`,
      );
    }
    if (error instanceof KeyFileError) throw new CliError(error.message);
    throw error;
  }
  return {
    type: keyTypeName(key.type),
    publicKey: bytesToHex(key.publicKey),
    accountId: key.accountId,
    file: options.out,
  };
}

export async function keysShow(file: string): Promise<KeyInfo> {
  try {
    const key = await loadKeyFile(file);
    return {
      type: keyTypeName(key.type),
      publicKey: bytesToHex(key.publicKey),
      accountId: key.accountId,
      file,
    };
  } catch (error) {
    if (error instanceof KeyFileError) throw new CliError(error.message);
    throw error;
  }
}
