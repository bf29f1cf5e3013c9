/**
 * Framing on a byte stream: u32 big-endian length ‖ channel byte ‖ payload, where the length
 * counts the channel byte and the payload. The decoder checks the length as soon as its four
 * bytes arrive, so an oversize frame is refused before any of its body is buffered; then it
 * allocates the body once and copies chunks into it (no quadratic re-concatenation for a
 * 16 MiB block arriving in 16 KiB TLS records).
 */
import { assert } from "@tongbao/std";
import { FRAME_BYTES_MAX, FRAME_HEADER_BYTES } from "./limits.ts";

const LENGTH_BYTES = 4;

/** The five header bytes of a frame carrying `payloadBytes`. */
export function encodeFrameHeader(channel: number, payloadBytes: number): Uint8Array {
  const length = payloadBytes + 1;
  assert(Number.isInteger(channel) && channel >= 0 && channel <= 0xff, "channel is a byte");
  assert(Number.isInteger(payloadBytes) && length <= FRAME_BYTES_MAX, "frame over the limit");
  const header = new Uint8Array(FRAME_HEADER_BYTES);
  writeU32(header, 0, length);
  header[LENGTH_BYTES] = channel;
  return header;
}

/** A whole frame in one buffer: for small payloads, where one write beats two. */
export function encodeFrame(channel: number, payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  frame.set(encodeFrameHeader(channel, payload.length), 0);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

/** Why a frame body length is refused, or null. Shared by the socket and in-memory links. */
export function frameLengthRefusal(length: number, lengthMax: number): string | null {
  if (length === 0) return "empty frame (no channel byte)";
  if (length > lengthMax) return `frame of ${length} bytes exceeds the limit of ${lengthMax}`;
  return null;
}

export type FrameSink = (channel: number, payload: Uint8Array) => void;

export class FrameDecoder {
  /** The largest frame body accepted now; the link raises it after the handshake. */
  lengthMax: number;
  private readonly header = new Uint8Array(LENGTH_BYTES);
  private headerFill = 0;
  /** The body being filled (channel byte + payload), once its length is known. */
  private body: Uint8Array | null = null;
  private bodyFill = 0;
  private failed: string | null = null;

  constructor(lengthMax: number) {
    assert(Number.isInteger(lengthMax) && lengthMax > 0 && lengthMax <= FRAME_BYTES_MAX);
    this.lengthMax = lengthMax;
  }

  /**
   * Feeds one chunk, calling `sink` for each complete frame, in order. Returns null, or the
   * reason the stream is invalid; after a refusal the decoder accepts nothing more. `proceed`
   * is checked before each frame so that a sink which closed the link stops delivery at once.
   */
  push(chunk: Uint8Array, sink: FrameSink, proceed: () => boolean): string | null {
    if (this.failed !== null) return this.failed;
    let offset = 0;
    while (offset < chunk.length && proceed()) {
      if (this.body === null) {
        // PERF: a whole frame inside the chunk is delivered as a view, without copying.
        if (this.headerFill === 0 && chunk.length - offset >= LENGTH_BYTES) {
          const length = readU32(chunk, offset);
          const refusal = frameLengthRefusal(length, this.lengthMax);
          if (refusal !== null) return this.fail(refusal);
          const end = offset + LENGTH_BYTES + length;
          if (end <= chunk.length) {
            sink(chunk[offset + LENGTH_BYTES]!, chunk.subarray(offset + FRAME_HEADER_BYTES, end));
            offset = end;
            continue;
          }
          this.startBody(length);
          offset += LENGTH_BYTES;
          continue;
        }
        const take = Math.min(LENGTH_BYTES - this.headerFill, chunk.length - offset);
        this.header.set(chunk.subarray(offset, offset + take), this.headerFill);
        this.headerFill += take;
        offset += take;
        if (this.headerFill < LENGTH_BYTES) break;
        const length = readU32(this.header, 0);
        const refusal = frameLengthRefusal(length, this.lengthMax);
        if (refusal !== null) return this.fail(refusal);
        this.startBody(length);
        continue;
      }
      const body: Uint8Array = this.body;
      const take = Math.min(body.length - this.bodyFill, chunk.length - offset);
      body.set(chunk.subarray(offset, offset + take), this.bodyFill);
      this.bodyFill += take;
      offset += take;
      if (this.bodyFill === body.length) {
        this.body = null;
        this.headerFill = 0;
        sink(body[0]!, body.subarray(1));
      }
    }
    return null;
  }

  /** Bytes of a frame received so far but not yet delivered. */
  get pendingBytes(): number {
    return this.body === null ? this.headerFill : LENGTH_BYTES + this.bodyFill;
  }

  private startBody(length: number): void {
    this.body = new Uint8Array(length);
    this.bodyFill = 0;
    this.headerFill = LENGTH_BYTES;
  }

  private fail(reason: string): string {
    this.failed = reason;
    this.body = null;
    return reason;
  }
}

function readU32(bytes: Uint8Array, at: number): number {
  return (
    bytes[at]! * 0x100_0000 + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!)
  );
}

function writeU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
}
