/**
 * The files a node keeps for travel-rule data, beside its node.json (both mode 0600):
 *
 *   travel-rule-key.json  {"institution": "hk-emoney", "privateKey": "<base64url>",
 *                          "publicKey": "<base64url>"}  its institution's X25519 key pair
 *   operator-token        one line: the bearer token its operator reads decrypted data with
 */
import { readFile, writeFile } from "node:fs/promises";
import {
  TravelRuleError,
  decodeX25519Key,
  encodeX25519Key,
  travelRulePublicKey,
  type TravelRuleKeyPair,
} from "@tongbao/travel-rule";
import { CliError } from "./errors.ts";

export interface TravelRuleKeyFile {
  readonly institution: string;
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export async function saveTravelRuleKeyFile(
  path: string,
  institution: string,
  pair: TravelRuleKeyPair,
): Promise<void> {
  const file = {
    institution,
    privateKey: encodeX25519Key(pair.privateKey),
    publicKey: encodeX25519Key(pair.publicKey),
  };
  await writeFile(path, JSON.stringify(file, null, 2) + "\n", { mode: 0o600, flag: "wx" });
}

/** Throws CliError saying what is wrong with the file. */
export async function loadTravelRuleKeyFile(path: string): Promise<TravelRuleKeyFile> {
  let json: { institution?: unknown; privateKey?: unknown };
  try {
    json = JSON.parse(await readFile(path, "utf8")) as typeof json;
  } catch (error) {
    throw new CliError(`travel-rule key file ${path} cannot be read: ${(error as Error).message}`);
  }
  if (typeof json?.institution !== "string") {
    throw new CliError(`travel-rule key file ${path}: "institution" is missing`);
  }
  try {
    const privateKey = decodeX25519Key(json.privateKey as string, `${path}: privateKey`);
    return {
      institution: json.institution,
      privateKey,
      publicKey: travelRulePublicKey(privateKey),
    };
  } catch (error) {
    if (error instanceof TravelRuleError) throw new CliError(error.message);
    throw error;
  }
}

export async function saveOperatorToken(path: string, token: string): Promise<void> {
  await writeFile(path, token + "\n", { mode: 0o600, flag: "wx" });
}

export async function loadOperatorToken(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CliError(`operator token file ${path} cannot be read: ${(error as Error).message}`);
  }
  const token = text.trim();
  if (!/^[A-Za-z0-9._~+/=-]{16,256}$/.test(token)) {
    throw new CliError(
      `operator token file ${path}: expected one line of 16–256 token characters (tongbao genesis init writes one)`,
    );
  }
  return token;
}
