/**
 * Writes the canonical encoding (docs/spec/encoding.md). Every integer has a fixed width and
 * big-endian byte order, so there is no over-long or alternative form to forbid. Variable-length
 * items carry a length prefix whose maximum is named by the caller.
 */
import { assert } from "@tongbao/std";

const TEXT = new TextEncoder();
const U64_MAX = (1n << 64n) - 1n;
/** With the u flag a surrogate pair is one code point, so this matches unpaired halves only. */
const LONE_SURROGATE = /\p{Surrogate}/u;
/** Strings up to this many UTF-16 units are tried as ASCII first, without TextEncoder. */
const ASCII_FAST_MAX = 64;

export class Writer {
  private buffer: Uint8Array;
  /** Created on first use: most structures have no u64, and a DataView costs an allocation. */
  private view: DataView | undefined;
  private offset = 0;

  constructor(initialCapacity = 256) {
    assert(Number.isSafeInteger(initialCapacity) && initialCapacity >= 0, "capacity out of range");
    this.buffer = new Uint8Array(initialCapacity);
  }

  get length(): number {
    return this.offset;
  }

  private reserve(bytes: number): void {
    const needed = this.offset + bytes;
    if (needed <= this.buffer.length) return;
    // Start from at least 16 so that a writer created with capacity 0 still doubles.
    let capacity = Math.max(this.buffer.length * 2, 16);
    while (capacity < needed) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buffer.subarray(0, this.offset));
    this.buffer = next;
    this.view = undefined;
  }

  /** Writes a 32-bit big-endian word; the caller has checked the range and reserved 4 bytes. */
  private word(value: number): void {
    const b = this.buffer;
    const o = this.offset;
    b[o] = value >>> 24;
    b[o + 1] = (value >>> 16) & 0xff;
    b[o + 2] = (value >>> 8) & 0xff;
    b[o + 3] = value & 0xff;
    this.offset = o + 4;
  }

  u8(value: number): this {
    assert(Number.isInteger(value) && value >= 0 && value <= 0xff, "u8 out of range");
    this.reserve(1);
    this.buffer[this.offset++] = value;
    return this;
  }

  u16(value: number): this {
    assert(Number.isInteger(value) && value >= 0 && value <= 0xffff, "u16 out of range");
    this.reserve(2);
    this.buffer[this.offset++] = value >>> 8;
    this.buffer[this.offset++] = value & 0xff;
    return this;
  }

  u32(value: number): this {
    assert(Number.isInteger(value) && value >= 0 && value <= 0xffffffff, "u32 out of range");
    this.reserve(4);
    this.word(value);
    return this;
  }

  /** A safe integer (0..2^53-1) written as 8 bytes, e.g. heights and millisecond timestamps. */
  u53(value: number): this {
    assert(Number.isSafeInteger(value) && value >= 0, "u53 out of range");
    this.reserve(8);
    this.word(Math.floor(value / 0x1_0000_0000));
    this.word(value >>> 0);
    return this;
  }

  /** A 64-bit unsigned integer such as an amount; `max` is the field's own maximum. */
  u64(value: bigint, max: bigint = U64_MAX): this {
    assert(
      typeof value === "bigint" && value >= 0n && value <= max && value <= U64_MAX,
      "u64 out of range",
    );
    this.reserve(8);
    this.view ??= new DataView(this.buffer.buffer);
    this.view.setBigUint64(this.offset, value);
    this.offset += 8;
    return this;
  }

  bool(value: boolean): this {
    return this.u8(value ? 1 : 0);
  }

  /** Raw bytes of a length both sides already know (ids, hashes, keys). */
  fixed(bytes: Uint8Array, length: number): this {
    assert(bytes.length === length, `fixed bytes: expected ${length}, got ${bytes.length}`);
    this.reserve(length);
    this.buffer.set(bytes, this.offset);
    this.offset += length;
    return this;
  }

  /** Bytes with a u32 length prefix. */
  bytes(bytes: Uint8Array, maxLength: number): this {
    assert(maxLength <= 0xffffffff, "maxLength must fit the u32 length prefix");
    assert(bytes.length <= maxLength, `bytes longer than ${maxLength}`);
    this.u32(bytes.length);
    return this.fixed(bytes, bytes.length);
  }

  /**
   * UTF-8 text with a u32 length prefix counted in bytes. A string with an unpaired surrogate
   * has no UTF-8 form: TextEncoder would silently write U+FFFD, so the bytes would carry a
   * different value than the caller signed or hashed. Such strings are refused instead.
   */
  string(text: string, maxBytes: number): this {
    if (text.length <= ASCII_FAST_MAX && text.length <= maxBytes && this.asciiString(text)) {
      return this;
    }
    assert(!LONE_SURROGATE.test(text), "string contains an unpaired surrogate");
    return this.bytes(TEXT.encode(text), maxBytes);
  }

  /**
   * PERF: short ASCII strings (currency codes, chain ids) are written without TextEncoder, which
   * costs an allocation and a call into C++. ASCII is its own UTF-8, so the bytes are the same.
   * Returns false, having written nothing, when the text is not ASCII.
   */
  private asciiString(text: string): boolean {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
    this.reserve(4 + text.length);
    this.word(text.length);
    for (let i = 0; i < text.length; i++) this.buffer[this.offset++] = text.charCodeAt(i);
    return true;
  }

  /** Appends bytes that are already a canonical encoding (a nested structure). */
  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.offset);
    this.offset += bytes.length;
    return this;
  }

  /** A copy of the written bytes. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.offset);
  }
}
