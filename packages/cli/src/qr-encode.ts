/**
 * `tongbao qr encode`: makes a Tongbao merchant code — static (reusable, the payer enters the
 * amount) or, with --amount, dynamic (one sale, a one-time reference, an expiry within 24 h) —
 * optionally signed by the payee's institution, and draws it as PNG or SVG with the qrcode
 * package in byte mode, so names in any script survive the round trip.
 */
import { randomBytes } from "node:crypto";
import { stat, writeFile } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import QRCode from "qrcode";
import { KeyFileError, loadKeyFile, sign, type KeyPair } from "@tongbao/crypto";
import {
  DYNAMIC_VALIDITY_MS_MAX,
  QR_SIGNING_PURPOSE,
  attachSignature,
  buildTongbaoCode,
  readTongbaoCode,
  signingPayload,
  type QrResult,
  type TongbaoCode,
} from "@tongbao/emvqr";
import { readDevnetMarker } from "./devnet/devnet.ts";
import { DEVNET_CHAIN_ID } from "./devnet/demo.ts";
import { CliError } from "./errors.ts";
import { loadAccounts, type AccountEntry } from "./network.ts";

export interface QrEncodeOptions {
  /** An account id (40 hex digits) or a devnet account's name. */
  readonly account: string;
  readonly name: string;
  readonly city: string;
  readonly currency: string;
  readonly mcc: string;
  readonly country?: string;
  readonly postalCode?: string;
  /** The name (and city) in another language: 64 with --language. */
  readonly nameAlt?: string;
  readonly cityAlt?: string;
  readonly language?: string;
  readonly amount?: string;
  readonly reference?: string;
  /** e.g. "15m", "900s", "2h"; at most 24h. */
  readonly expiresIn?: string;
  readonly institution?: string;
  readonly chainId?: string;
  /** A key file, or a devnet institution's name (its key is in DIR/keys). */
  readonly signWith?: string;
  /** FILE.png or FILE.svg. */
  readonly out?: string;
  readonly json: boolean;
  readonly dir: string;
}

export interface QrEncodeResult {
  readonly payload: string;
  readonly code: TongbaoCode;
  readonly chainId: string;
  readonly out?: string;
}

export const EXPIRES_IN_DEFAULT = "15m";
const DURATION = /^([1-9][0-9]*)(s|m|h)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

export function parseDuration(text: string): number {
  const match = DURATION.exec(text);
  if (match === null) {
    throw new CliError(`--expires-in: "${text}" is not a duration; write e.g. 90s, 15m or 2h`);
  }
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (ms > DYNAMIC_VALIDITY_MS_MAX) {
    throw new CliError(
      `--expires-in: ${text} is longer than 24h; the ledger remembers a paid reference for 24 hours, so a code must expire sooner`,
    );
  }
  return ms;
}

function unwrap<T>(result: QrResult<T>, what: string): T {
  if (!result.ok) throw new CliError(`${what}: ${result.error.message}`);
  return result.value;
}

export async function qrEncode(options: QrEncodeOptions, nowMs: number): Promise<QrEncodeResult> {
  const dir = resolve(options.dir);
  const accounts = await loadAccounts(dir).catch(() => [] as AccountEntry[]);
  const payee = payeeOf(options.account, accounts);
  const institution = options.institution ?? payee.institution;
  if (institution === undefined) {
    throw new CliError("--institution is required: the payee's institution id, e.g. hk-emoney");
  }
  const chainId = options.chainId ?? (await readDevnetMarker(dir))?.chainId ?? DEVNET_CHAIN_ID;
  const dynamic = options.amount !== undefined;
  if (!dynamic && (options.reference !== undefined || options.expiresIn !== undefined)) {
    throw new CliError(
      "--reference and --expires-in make sense only with --amount: a static code is paid many times, and the ledger accepts a reference once per 24 hours",
    );
  }
  if ((options.nameAlt === undefined) !== (options.language === undefined)) {
    throw new CliError("--name-alt and --language go together, e.g. --name-alt 茶館 --language ZH");
  }
  const unsigned = unwrap(
    buildTongbaoCode({
      account: payee.accountId,
      institution,
      merchantName: options.name,
      city: options.city,
      mcc: options.mcc,
      currency: options.currency,
      ...(options.country === undefined ? {} : { country: options.country }),
      ...(options.postalCode === undefined ? {} : { postalCode: options.postalCode }),
      ...(options.nameAlt === undefined
        ? {}
        : {
            alternateLanguage: {
              language: options.language!,
              name: options.nameAlt,
              ...(options.cityAlt === undefined ? {} : { city: options.cityAlt }),
            },
          }),
      ...(dynamic
        ? {
            amount: options.amount,
            // 9 random bytes: 12 base64url characters, 72 bits, never repeated by chance.
            reference: options.reference ?? randomBytes(9).toString("base64url"),
            nowMs,
            expiresAtMs: nowMs + parseDuration(options.expiresIn ?? EXPIRES_IN_DEFAULT),
          }
        : {}),
    }),
    "cannot make the code",
  );
  let payload = unsigned;
  if (options.signWith !== undefined) {
    const key = await signingKey(options.signWith, institution, dir, accounts);
    const bytes = unwrap(signingPayload(unsigned), "cannot sign the code");
    const signature = sign(key.privateKey, {
      chainId,
      purpose: QR_SIGNING_PURPOSE,
      payload: bytes,
    });
    payload = unwrap(
      attachSignature(unsigned, { keyType: key.type, signature }),
      "cannot sign the code",
    );
  }
  const code = unwrap(readTongbaoCode(payload), "the code does not read back");
  if (options.out !== undefined) await drawCode(payload, options.out);
  return { payload, code, chainId, ...(options.out === undefined ? {} : { out: options.out }) };
}

function payeeOf(
  account: string,
  accounts: readonly AccountEntry[],
): { accountId: string; institution?: string } {
  const id = /^[0-9a-fA-F]{40}$/.test(account) ? account.toLowerCase() : undefined;
  const named = accounts.find((a) => a.name === account || a.accountId === id);
  if (named !== undefined) return { accountId: named.accountId, institution: named.institution };
  if (id !== undefined) return { accountId: id };
  throw new CliError(
    accounts.length === 0
      ? `--account: "${account}" is not an account id (40 hex digits), and there is no devnet directory with names`
      : `--account: no account named "${account}"; known names: ${accounts.map((a) => a.name).join(", ")} (or give a 40-hex-digit account id)`,
  );
}

/** The institution's key: a devnet institution's name or a key file path. */
async function signingKey(
  signWith: string,
  institution: string,
  dir: string,
  accounts: readonly AccountEntry[],
): Promise<KeyPair> {
  const named = accounts.find((a) => a.name === signWith);
  if (named !== undefined && named.institution !== institution) {
    throw new CliError(
      `--sign-with ${signWith}: that key belongs to ${named.institution}, but the payee's institution is ${institution}; the payee's institution signs its merchants' codes`,
    );
  }
  const path = named !== undefined ? join(dir, named.keyFile) : signWith;
  const isFile = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) {
    throw new CliError(
      `--sign-with: "${signWith}" is neither a key file nor an institution of the devnet in ${dir}`,
    );
  }
  return loadKeyFile(path).catch((error: unknown) => {
    if (error instanceof KeyFileError) throw new CliError(error.message);
    throw error;
  });
}

/**
 * Writes the QR symbol. Byte mode with the payload's UTF-8 bytes: EMV asks for byte mode, and
 * the qrcode package would otherwise split the text into numeric and alphanumeric segments.
 * Error correction M (15 %) as payment schemes print; a quiet zone of 4 modules.
 */
export async function drawCode(payload: string, out: string): Promise<void> {
  const segments = [{ mode: "byte" as const, data: new TextEncoder().encode(payload) }];
  const type = extname(out).toLowerCase();
  if (type === ".png") {
    await QRCode.toFile(out, segments, {
      type: "png",
      errorCorrectionLevel: "M",
      margin: 4,
      scale: 8,
    });
  } else if (type === ".svg") {
    const svg = await QRCode.toString(segments, {
      type: "svg",
      errorCorrectionLevel: "M",
      margin: 4,
    });
    await writeFile(out, svg);
  } else {
    throw new CliError(`--out: "${out}" must end in .png or .svg`);
  }
}

export async function qrEncodeCommand(options: QrEncodeOptions): Promise<void> {
  const result = await qrEncode(options, Date.now());
  const { code } = result;
  if (options.json) {
    process.stdout.write(
      JSON.stringify({
        payload: result.payload,
        kind: code.kind,
        account: code.account,
        institution: code.institution,
        currency: code.currency,
        ...(code.amount === undefined ? {} : { amount: code.amount }),
        ...(code.reference === undefined
          ? {}
          : { reference: code.reference, ledgerReference: code.ledgerReference }),
        ...(code.expiresAtMs === undefined
          ? {}
          : { expiresAt: new Date(code.expiresAtMs).toISOString() }),
        signed: code.signature !== undefined,
        chainId: result.chainId,
        ...(result.out === undefined ? {} : { out: result.out }),
      }) + "\n",
    );
    return;
  }
  // The payload alone on stdout, for pipes; what it is goes to stderr.
  process.stdout.write(result.payload + "\n");
  const what =
    code.kind === "dynamic"
      ? `dynamic code: ${code.amount} ${code.currency}, reference ${code.reference}, expires ${new Date(code.expiresAtMs!).toISOString()}`
      : `static code in ${code.currency}; the payer enters the amount`;
  const signed =
    code.signature === undefined
      ? "unsigned"
      : `signed by ${code.institution} for ${result.chainId}`;
  process.stderr.write(
    `tongbao: ${what}; ${signed}${result.out === undefined ? "" : `; wrote ${result.out}`}\n`,
  );
}
