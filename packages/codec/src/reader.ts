/**
 * Reads the canonical encoding and refuses anything else: short input, trailing bytes,
 * booleans other than 0/1, lengths over the caller's maximum, invalid UTF-8, values outside
 * the caller's range. Every refusal is a DecodeError naming the offset.
 */
import { assert } from "@tongbao/std";
import { DecodeError } from "./errors.ts";

const TEXT = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Strings up to this many bytes are tried as ASCII first, without TextDecoder. */
const ASCII_FAST_MAX = 64;

export class Reader {
  /** Created on first use: most structures have no u64, and a DataView costs an allocation. */
  private view: DataView | undefined;
  private offset = 0;

  constructor(private readonly input: Uint8Array) {}

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.input.length - this.offset;
  }

  fail(message: string): never {
    throw new DecodeError(message, this.offset);
  }

  private need(count: number, what: string): void {
    if (this.offset + count > this.input.length) this.fail(`input ends inside ${what}`);
  }

  /** The 32-bit big-endian word at `at`; the caller has checked that 4 bytes remain. */
  private word(at: number): number {
    const b = this.input;
    return b[at]! * 0x100_0000 + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
  }

  u8(what = "u8"): number {
    this.need(1, what);
    return this.input[this.offset++]!;
  }

  u16(what = "u16"): number {
    this.need(2, what);
    const value = (this.input[this.offset]! << 8) | this.input[this.offset + 1]!;
    this.offset += 2;
    return value;
  }

  u32(what = "u32"): number {
    this.need(4, what);
    const value = this.word(this.offset);
    this.offset += 4;
    return value;
  }

  u53(what = "u53"): number {
    this.need(8, what);
    const high = this.word(this.offset);
    const low = this.word(this.offset + 4);
    if (high > 0x1f_ffff) this.fail(`${what} exceeds 2^53-1`);
    this.offset += 8;
    return high * 0x1_0000_0000 + low;
  }

  u64(what = "u64", max?: bigint): bigint {
    this.need(8, what);
    this.view ??= new DataView(this.input.buffer, this.input.byteOffset, this.input.byteLength);
    const value = this.view.getBigUint64(this.offset);
    if (max !== undefined && value > max) this.fail(`${what} ${value} exceeds ${max}`);
    this.offset += 8;
    return value;
  }

  bool(what = "bool"): boolean {
    const value = this.u8(what);
    if (value > 1) {
      this.offset--;
      this.fail(`${what} must be 0 or 1, got ${value}`);
    }
    return value === 1;
  }

  /** A view (not a copy) of the next `length` bytes. */
  fixed(length: number, what = "bytes"): Uint8Array {
    assert(
      Number.isSafeInteger(length) && length >= 0,
      "fixed length must be a non-negative integer",
    );
    this.need(length, what);
    const out = this.input.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  bytes(maxLength: number, what = "bytes"): Uint8Array {
    const length = this.u32(`${what} length`);
    if (length > maxLength) {
      this.offset -= 4;
      this.fail(`${what} length ${length} exceeds ${maxLength}`);
    }
    return this.fixed(length, what);
  }

  string(maxBytes: number, what = "string"): string {
    const start = this.offset;
    const raw = this.bytes(maxBytes, what);
    if (raw.length <= ASCII_FAST_MAX) {
      // PERF: short ASCII strings skip TextDecoder. ASCII bytes are always valid UTF-8 and
      // decode to the same text, so this changes no outcome. One fromCharCode call makes one
      // flat string, where appending a character at a time would leave V8 a chain of cons
      // strings to keep.
      let ascii = true;
      for (let i = 0; i < raw.length && ascii; i++) ascii = raw[i]! <= 0x7f;
      if (ascii) return String.fromCharCode.apply(null, raw as unknown as number[]);
    }
    try {
      return TEXT.decode(raw);
    } catch {
      this.offset = start;
      return this.fail(`${what} is not valid UTF-8`);
    }
  }

  /** A variant tag or version byte that must be one of `allowed`. */
  tag(allowed: readonly number[], what: string): number {
    const value = this.u8(what);
    if (!allowed.includes(value)) {
      this.offset--;
      this.fail(`unknown ${what} ${value}`);
    }
    return value;
  }

  /** Call after the last field: canonical input has no trailing bytes. */
  end(): void {
    if (this.offset !== this.input.length)
      this.fail(`${this.input.length - this.offset} trailing bytes`);
  }
}

/** Decodes a whole buffer with `read`, refusing trailing bytes. */
export function decodeAll<T>(bytes: Uint8Array, read: (reader: Reader) => T): T {
  const reader = new Reader(bytes);
  const value = read(reader);
  reader.end();
  return value;
}
