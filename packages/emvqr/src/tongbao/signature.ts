/**
 * Signing a Tongbao code, in the spirit of Stellar SEP-7's signed requests: the payee's
 * institution vouches for the account, amount, reference and expiry a payer sees. The signed
 * bytes are the UTF-8 of the payload up to the signature templates (90, 91), which are the last
 * objects before the CRC; the institution's key signs
 *
 *   signingMessage({ chainId, purpose: "qr", payload: those bytes })
 *
 * so a signature for one network or purpose is worthless on another. The CRC is recomputed
 * after the signature is attached; it guards transmission, the signature guards meaning.
 */
import { assert, equalBytes } from "@tongbao/std";
import { isKeyType } from "@tongbao/codec";
import { fail, type QrResult } from "../issues.ts";
import { base64Encode } from "../base64.ts";
import { decodeMpm } from "../mpm/decode.ts";
import { encodeMpm } from "../mpm/encode.ts";
import type { MpmObject } from "../mpm/objects.ts";
import {
  SIGNATURE_BYTES,
  SIGNATURE_CHARS_PER_TEMPLATE,
  SIGNATURE_CONTINUED_ID,
  SIGNATURE_TEMPLATE_ID,
  SUB_GUI,
  SUB_KEY_TYPE,
  SUB_SIGNATURE_FIRST,
  SUB_SIGNATURE_SECOND,
  TONGBAO_GUI,
  type TongbaoSignature,
} from "./layout.ts";
import { readTongbaoCode } from "./read.ts";

/** The bytes an institution signs for this code (signed or not: the same bytes). */
export function signingPayload(payload: string): QrResult<Uint8Array> {
  const code = readTongbaoCode(payload);
  if (!code.ok) return code;
  return { ok: true, value: code.value.signedMessage };
}

/** The payload with the signature templates added before the CRC, and a new CRC. */
export function attachSignature(payload: string, signature: TongbaoSignature): QrResult<string> {
  const code = readTongbaoCode(payload);
  if (!code.ok) return code;
  if (code.value.signature !== undefined) {
    return fail(
      "rule_broken",
      "the code is already signed; attach a signature to the unsigned code",
    );
  }
  if (!isKeyType(signature?.keyType)) {
    return fail("rule_broken", "signature: keyType must be 1 (Ed25519) or 2 (P-256)");
  }
  if (
    !(signature.signature instanceof Uint8Array) ||
    signature.signature.length !== SIGNATURE_BYTES
  ) {
    return fail(
      "rule_broken",
      `signature: expected ${SIGNATURE_BYTES} bytes (Ed25519, or P-256 r ‖ s), got ${String(signature.signature?.length)}`,
    );
  }
  const decoded = decodeMpm(payload, { mode: "strict" });
  assert(decoded.ok, "a payload readTongbaoCode accepted decodes strictly");
  const objects = decoded.value.objects;
  if (objects.some((o) => o.id === SIGNATURE_TEMPLATE_ID || o.id === SIGNATURE_CONTINUED_ID)) {
    return fail(
      "rule_broken",
      `root ${SIGNATURE_TEMPLATE_ID}/${SIGNATURE_CONTINUED_ID}: already used by another template; a Tongbao signature needs both`,
    );
  }
  const text = base64Encode(signature.signature, "url");
  const templates: MpmObject[] = [
    {
      id: SIGNATURE_TEMPLATE_ID,
      objects: [
        { id: SUB_GUI, value: TONGBAO_GUI },
        { id: SUB_KEY_TYPE, value: String(signature.keyType) },
        { id: SUB_SIGNATURE_FIRST, value: text.slice(0, SIGNATURE_CHARS_PER_TEMPLATE) },
      ],
    },
    {
      id: SIGNATURE_CONTINUED_ID,
      objects: [
        { id: SUB_GUI, value: TONGBAO_GUI },
        { id: SUB_SIGNATURE_SECOND, value: text.slice(SIGNATURE_CHARS_PER_TEMPLATE) },
      ],
    },
  ];
  const signed = encodeMpm([...objects, ...templates]);
  if (!signed.ok) return signed; // e.g. the signature pushes the payload past 512 characters
  const check = readTongbaoCode(signed.value);
  assert(
    check.ok && equalBytes(check.value.signedMessage, code.value.signedMessage),
    "attaching a signature leaves the signed bytes unchanged",
  );
  return signed;
}
