/**
 * Ledger account ids in ISO 20022. An account id is 20 bytes, 40 hex characters — too long for
 * GenericAccountIdentification1/Id, which is Max34Text. Its RFC 4648 base32 form (upper case,
 * no padding) is exactly 32 characters of A–Z and 2–7: it fits, keeps to the FIN-X character
 * set, and converts back without loss. The scheme name tells the reader which form it is.
 */
import { aAccountId, type AccountId } from "@tongbao/types";
import { bytesToHex, hexToBytes } from "@tongbao/std";

/** The proprietary scheme name (SchmeNm/Prtry) of ledger accounts and institutions. */
export const TONGBAO_SCHEME = "TONGBAO";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ISO_ACCOUNT = /^[A-Z2-7]{32}$/;

export function isoAccountId(accountId: AccountId | string): string {
  const bytes = hexToBytes(aAccountId(accountId));
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return out; // 160 bits: no bits left over
}

/** The ledger account id of an ISO form made by isoAccountId. Throws RangeError otherwise. */
export function accountIdFromIso(text: string): AccountId {
  if (typeof text !== "string" || !ISO_ACCOUNT.test(text)) {
    throw new RangeError(`account: "${String(text)}" is not 32 characters of base32 (A–Z, 2–7)`);
  }
  const bytes = new Uint8Array(20);
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (const char of text) {
    buffer = (buffer << 5) | ALPHABET.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[o++] = (buffer >> bits) & 0xff;
    }
    buffer &= (1 << bits) - 1;
  }
  return bytesToHex(bytes) as AccountId;
}
