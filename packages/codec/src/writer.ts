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

export class Writer {
  private buffer: Uint8Array;
  private view: DataView;
  private offset = 0;

  constructor(initialCapacity = 256) {
    assert(Number.isSafeInteger(initialCapacity) && initialCapacity >= 0, "capacity out of range");
    this.buffer = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buffer.buffer);
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
    this.view = new DataView(next.buffer);
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
    this.view.setUint16(this.offset, value);
    this.offset += 2;
    return this;
  }

  u32(value: number): this {
    assert(Number.isInteger(value) && value >= 0 && value <= 0xffffffff, "u32 out of range");
    this.reserve(4);
    this.view.setUint32(this.offset, value);
    this.offset += 4;
    return this;
  }

  /** A safe integer (0..2^53-1) written as 8 bytes, e.g. heights and millisecond timestamps. */
  u53(value: number): this {
    assert(Number.isSafeInteger(value) && value >= 0, "u53 out of range");
    this.reserve(8);
    this.view.setUint32(this.offset, Math.floor(value / 0x1_0000_0000));
    this.view.setUint32(this.offset + 4, value >>> 0);
    this.offset += 8;
    return this;
  }

  /** A 64-bit unsigned integer such as an amount; `max` is the field's own maximum. */
  u64(value: bigint, max: bigint = U64_MAX): this {
    assert(
      typeof value === "bigint" && value >= 0n && value <= max && value <= U64_MAX,
      "u64 out of range",
    );
    this.reserve(8);
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
    assert(!LONE_SURROGATE.test(text), "string contains an unpaired surrogate");
    return this.bytes(TEXT.encode(text), maxBytes);
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
