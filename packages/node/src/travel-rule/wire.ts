/**
 * Messages of the p2p TravelRule channel: envelopes pushed to peers when they are uploaded, and
 * asked for by hash by a node that lacks one.
 *
 *   Push    = u8 1 | u8 1 | 32 hash | bytes envelope (UTF-8, at most ENVELOPE_CHARS_MAX)
 *   Request = u8 1 | u8 2 | 32 hash
 *   Missing = u8 1 | u8 3 | 32 hash        the answer to a Request when the peer has none
 */
import { Reader, Writer } from "@tongbao/codec";
import { ENVELOPE_CHARS_MAX } from "@tongbao/travel-rule";

const WIRE_VERSION = 1;
const KIND_PUSH = 1;
const KIND_REQUEST = 2;
const KIND_MISSING = 3;
const HASH_BYTES = 32;

export type TravelRuleMessage =
  | { readonly kind: "push"; readonly hash: Uint8Array; readonly envelope: string }
  | { readonly kind: "request"; readonly hash: Uint8Array }
  | { readonly kind: "missing"; readonly hash: Uint8Array };

const UTF8 = new TextEncoder();
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

export function encodeTravelRuleMessage(message: TravelRuleMessage): Uint8Array {
  const kind =
    message.kind === "push" ? KIND_PUSH : message.kind === "request" ? KIND_REQUEST : KIND_MISSING;
  const text = message.kind === "push" ? UTF8.encode(message.envelope) : undefined;
  const w = new Writer(2 + HASH_BYTES + 4 + (text?.length ?? 0))
    .u8(WIRE_VERSION)
    .u8(kind)
    .fixed(message.hash, HASH_BYTES);
  if (text !== undefined) w.bytes(text, ENVELOPE_CHARS_MAX);
  return w.finish();
}

/** Throws DecodeError for anything but a canonical message within the bounds. */
export function decodeTravelRuleMessage(bytes: Uint8Array): TravelRuleMessage {
  const r = new Reader(bytes);
  r.tag([WIRE_VERSION], "travel-rule message version");
  const kind = r.tag([KIND_PUSH, KIND_REQUEST, KIND_MISSING], "travel-rule message kind");
  const hash = r.fixed(HASH_BYTES, "hash").slice();
  if (kind !== KIND_PUSH) {
    r.end();
    return { kind: kind === KIND_REQUEST ? "request" : "missing", hash };
  }
  const raw = r.bytes(ENVELOPE_CHARS_MAX, "envelope");
  r.end();
  let envelope: string;
  try {
    envelope = STRICT_UTF8.decode(raw);
  } catch {
    return r.fail("envelope is not UTF-8");
  }
  return { kind: "push", hash, envelope };
}
