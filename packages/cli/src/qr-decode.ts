/**
 * `tongbao qr decode PAYLOAD`: reads an EMV QR payload — merchant-presented (MPM) or, when it
 * starts with "hQVDUFY" (base64 of 85 05 "CPV"), consumer-presented (CPM) — and prints what it
 * holds. A Tongbao merchant code also shows its merchant fields, checks its expiry, and with
 * --institution-key its signature.
 */
import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { KeyFileError, KeyType, keyTypeName, loadKeyFile, verify } from "@tongbao/crypto";
import {
  CPM_PREFIX,
  decodeCpm,
  decodeMpm,
  hasTongbaoTemplate,
  readTongbaoCode,
  verifyTongbaoCode,
  type TongbaoCode,
} from "@tongbao/emvqr";
import { hexToBytes } from "@tongbao/std";
import { readDevnetMarker } from "./devnet/devnet.ts";
import { DEVNET_CHAIN_ID } from "./devnet/demo.ts";
import { CliError } from "./errors.ts";
import { loadAccounts } from "./network.ts";
import {
  cpmObjectsJson,
  cpmObjectsTable,
  jsonObject,
  mpmObjectsJson,
  mpmObjectsTable,
} from "./qr-render.ts";

export interface QrDecodeOptions {
  /** MPM only: refuse every departure from the EMV specification. */
  readonly strict: boolean;
  readonly json: boolean;
  /** The chain the institution signed for; default: the devnet's, or tongbao-devnet-1. */
  readonly chainId?: string;
  /** The institution's public key (hex), key file or devnet name: verifies a Tongbao code. */
  readonly institutionKey?: string;
  /** The devnet directory, where --institution-key NAME is looked up. */
  readonly dir: string;
}

export interface InstitutionKey {
  readonly keyType: KeyType;
  readonly publicKey: Uint8Array;
}

export interface QrDecodeResult {
  readonly valid: boolean;
  /** One JSON line (--json) or the table; for an invalid payload without --json, the error. */
  readonly output: string;
}

/** The decision and what to print; no I/O, so tests can call it with any time. */
export function qrDecode(
  payload: string,
  options: Pick<QrDecodeOptions, "strict" | "json"> & { readonly chainId: string },
  nowMs: number,
  institutionKey?: InstitutionKey,
): QrDecodeResult {
  const invalid = (error: string): QrDecodeResult => ({
    valid: false,
    output: options.json
      ? jsonObject([
          ["valid", "false"],
          ["error", JSON.stringify(error)],
        ])
      : error,
  });

  if (payload.startsWith(CPM_PREFIX)) {
    const cpm = decodeCpm(payload);
    if (!cpm.ok) return invalid(cpm.error.message);
    const objects = cpm.value.objects;
    return {
      valid: true,
      output: options.json
        ? jsonObject([
            ["mode", '"cpm"'],
            ["valid", "true"],
            ["objects", cpmObjectsJson(objects)],
          ])
        : [
            `EMV consumer-presented code, ${cpm.value.bytes.length} bytes`,
            ...cpmObjectsTable(objects),
          ].join("\n"),
    };
  }

  const mpm = decodeMpm(payload, { mode: options.strict ? "strict" : "lenient" });
  if (!mpm.ok) return invalid(mpm.error.message);
  const { objects, crc, warnings } = mpm.value;

  let tongbao: { code: TongbaoCode; verified: boolean } | undefined;
  if (institutionKey !== undefined && !hasTongbaoTemplate(objects)) {
    return invalid(
      "not a Tongbao code: --institution-key verifies the signature of Tongbao merchant codes only",
    );
  }
  if (hasTongbaoTemplate(objects)) {
    const checked =
      institutionKey === undefined
        ? readTongbaoCode(payload, { nowMs })
        : verifyTongbaoCode(payload, {
            chainId: options.chainId,
            ...institutionKey,
            nowMs,
            verify,
          });
    if (!checked.ok)
      return invalid(`Tongbao code refused (${checked.error.code}): ${checked.error.message}`);
    tongbao = { code: checked.value, verified: institutionKey !== undefined };
  }

  if (options.json) {
    const entries: [string, string][] = [
      ["mode", '"mpm"'],
      ["valid", "true"],
      ["crc", JSON.stringify(crc)],
      ["objects", mpmObjectsJson([...objects, { id: "63", value: crc }])],
    ];
    if (warnings.length > 0)
      entries.push(["warnings", JSON.stringify(warnings.map((w) => w.message))]);
    if (tongbao !== undefined)
      entries.push(["tongbao", JSON.stringify(tongbaoJson(tongbao.code, tongbao.verified))]);
    return { valid: true, output: jsonObject(entries) };
  }
  const lines = [
    `EMV merchant-presented code, ${options.strict ? "strict" : "lenient"} mode, CRC ${crc}`,
    ...mpmObjectsTable([...objects, { id: "63", value: crc }]),
  ];
  if (warnings.length > 0) {
    lines.push("", "departures from the specification (strict mode refuses them):");
    lines.push(...warnings.map((w) => `  ${w.message}`));
  }
  if (tongbao !== undefined) lines.push("", ...tongbaoTable(tongbao.code, tongbao.verified, nowMs));
  return { valid: true, output: lines.join("\n") };
}

function tongbaoJson(code: TongbaoCode, verified: boolean): Record<string, unknown> {
  return {
    kind: code.kind,
    account: code.account,
    institution: code.institution,
    merchantName: code.merchantName,
    city: code.city,
    country: code.country,
    mcc: code.mcc,
    currency: code.currency,
    ...(code.amount === undefined ? {} : { amount: code.amount }),
    ...(code.reference === undefined
      ? {}
      : { reference: code.reference, ledgerReference: code.ledgerReference }),
    ...(code.expiresAtMs === undefined
      ? {}
      : { expiresAtMs: code.expiresAtMs, expiresAt: new Date(code.expiresAtMs).toISOString() }),
    signed: code.signature !== undefined,
    ...(code.signature === undefined ? {} : { keyType: keyTypeName(code.signature.keyType) }),
    // null: not checked (no --institution-key); a signature that fails makes the code invalid.
    signatureVerified: verified ? true : null,
  };
}

function tongbaoTable(code: TongbaoCode, verified: boolean, nowMs: number): string[] {
  const lines = [
    `Tongbao ${code.kind} merchant code`,
    `  pay to       ${code.merchantName}, ${code.city} (${code.country}), MCC ${code.mcc}`,
    `  account      ${code.account} at ${code.institution}`,
    `  amount       ${code.amount === undefined ? "entered by the payer" : code.amount} ${code.currency}`,
  ];
  if (code.reference !== undefined) {
    lines.push(`  reference    ${code.reference} (ledger reference ${code.ledgerReference})`);
  }
  if (code.expiresAtMs !== undefined) {
    const minutes = Math.floor((code.expiresAtMs - nowMs) / 60_000);
    lines.push(`  expires      ${new Date(code.expiresAtMs).toISOString()} (in ${minutes} min)`);
  }
  lines.push(
    code.signature === undefined
      ? "  signature    none"
      : verified
        ? `  signature    ${keyTypeName(code.signature.keyType)}, verified with ${code.institution}'s key`
        : `  signature    ${keyTypeName(code.signature.keyType)}, not verified (pass --institution-key)`,
  );
  return lines;
}

/** A public key in hex (type by length), a key file, or a devnet institution's name. */
export async function institutionKeyOf(text: string, dir: string): Promise<InstitutionKey> {
  if (/^([0-9a-fA-F]{64}|0[23][0-9a-fA-F]{64})$/.test(text)) {
    const publicKey = hexToBytes(text);
    return { keyType: publicKey.length === 32 ? KeyType.Ed25519 : KeyType.P256, publicKey };
  }
  const named = await loadAccounts(dir).then(
    (accounts) => accounts.find((a) => a.name === text),
    () => undefined,
  );
  const path = named !== undefined ? join(dir, named.keyFile) : text;
  const isFile = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) {
    throw new CliError(
      `--institution-key: "${text}" is not a public key (64 hex digits for Ed25519, 66 for P-256), a key file, or an institution of the devnet in ${dir}`,
    );
  }
  try {
    const key = await loadKeyFile(path);
    return { keyType: key.type, publicKey: key.publicKey };
  } catch (error) {
    if (error instanceof KeyFileError) throw new CliError(error.message);
    throw error;
  }
}

export async function qrDecodeCommand(payload: string, options: QrDecodeOptions): Promise<void> {
  const key =
    options.institutionKey === undefined
      ? undefined
      : await institutionKeyOf(options.institutionKey, options.dir);
  const chainId =
    options.chainId ?? (await readDevnetMarker(resolve(options.dir)))?.chainId ?? DEVNET_CHAIN_ID;
  const result = qrDecode(payload, { ...options, chainId }, Date.now(), key);
  if (!result.valid && !options.json) throw new CliError(`refused: ${result.output}`);
  process.stdout.write(result.output + "\n");
  if (!result.valid) process.exitCode = 1;
}
