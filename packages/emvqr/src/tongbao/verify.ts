/**
 * Verifying a Tongbao code against its institution's public key. Works in the browser: the
 * default check uses @noble/curves; a node can pass @tongbao/crypto's `verify` (OpenSSL, ~10×
 * faster), whose argument has the same shape.
 *
 * The checks run in the order a payer needs the answer: a damaged code (CRC), not ours, not
 * signed, signed wrongly (which is what a changed amount, reference or account looks like),
 * then time (expired, or valid for longer than the ledger remembers a reference).
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { p256 } from "@noble/curves/nist.js";
import {
  KeyType,
  aPublicKey,
  keyTypeName,
  signingMessage,
  type SigningInput,
} from "@tongbao/codec";
import { fail, ok, type QrResult } from "../issues.ts";
import { QR_SIGNING_PURPOSE, type TongbaoCode } from "./layout.ts";
import { readTongbaoCode, timeProblem } from "./read.ts";

/** Signature, key and signed input: the shape of @tongbao/crypto's VerifyItem. */
export interface QrVerifyItem extends SigningInput {
  readonly keyType: KeyType;
  readonly publicKey: Uint8Array;
  readonly signature: Uint8Array;
}

export type QrVerifyFunction = (item: QrVerifyItem) => boolean;

export interface VerifyTongbaoCodeOptions {
  /** The network the code is for, e.g. "tongbao-devnet-1". */
  readonly chainId: string;
  /** The key type and raw public key of the institution the code names. */
  readonly keyType: KeyType;
  readonly publicKey: Uint8Array;
  /** The current agreed time in ms. */
  readonly nowMs: number;
  /** Default: verifyWithNoble. */
  readonly verify?: QrVerifyFunction;
}

/**
 * The code, if it is a Tongbao code signed by this key for this chain and payable now. The
 * options come from the caller's configuration, not from the code: a malformed key type or key
 * throws (TypeError/RangeError), as a boundary validator does.
 */
export function verifyTongbaoCode(
  payload: unknown,
  options: VerifyTongbaoCodeOptions,
): QrResult<TongbaoCode> {
  aPublicKey(options.keyType, options.publicKey, "institution key");
  const read = readTongbaoCode(payload);
  if (!read.ok) return read;
  const code = read.value;
  if (code.signature === undefined) {
    return fail(
      "signature_missing",
      `the code is not signed; only a code signed by ${code.institution} proves who is paid`,
    );
  }
  const { keyType, signature } = code.signature;
  if (keyType !== options.keyType) {
    return fail(
      "signature_wrong",
      `the code is signed with a ${keyTypeName(keyType)} key, but ${code.institution}'s key is ${keyTypeName(options.keyType)}`,
    );
  }
  const valid = (options.verify ?? verifyWithNoble)({
    chainId: options.chainId,
    purpose: QR_SIGNING_PURPOSE,
    payload: code.signedMessage,
    keyType,
    publicKey: options.publicKey,
    signature,
  });
  if (!valid) {
    return fail(
      "signature_wrong",
      `the signature does not match the code: its account, amount, reference or another signed field was changed, it was signed for another network than ${options.chainId}, or ${code.institution} did not sign it`,
    );
  }
  const late = timeProblem(code, options.nowMs);
  if (late !== undefined) return late;
  return ok(code);
}

/**
 * Ed25519 as RFC 8032 (not ZIP-215, to agree with OpenSSL); P-256 with SHA-256, low S only.
 * A malformed chain id throws (RangeError from signingMessage): it comes from the caller's
 * configuration, not from the code.
 */
export function verifyWithNoble(item: QrVerifyItem): boolean {
  const message = signingMessage(item);
  try {
    if (item.keyType === KeyType.Ed25519) {
      return ed25519.verify(item.signature, message, item.publicKey, { zip215: false });
    }
    if (item.keyType === KeyType.P256) {
      return p256.verify(item.signature, message, item.publicKey, { lowS: true });
    }
    return false;
  } catch {
    // Malformed keys and signatures throw in noble; from a QR code they are simply not valid.
    return false;
  }
}
