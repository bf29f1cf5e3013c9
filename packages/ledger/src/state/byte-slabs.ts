/**
 * Small immutable byte strings kept in shared slabs. A Uint8Array of its own costs about 240
 * bytes of heap however short it is, a view into a shared buffer about 100; a slab number and an
 * offset cost two column entries. Accounts keep their leaf prefix (id, key, institution) this
 * way (account-columns.ts).
 *
 * Space given out is never reused: a speculative block that opened accounts and is reverted
 * leaves their bytes behind, a few dozen bytes each, until the process ends.
 */
import { assert } from "@tongbao/std";

export const SLAB_BYTES = 64 * 1024;

/** Where `ByteSlabs.place` put some bytes. */
export interface SlabPlace {
  readonly slab: Uint8Array;
  /** The slab's number, for `ByteSlabs.slab`. */
  readonly slabIndex: number;
  readonly start: number;
}

export class ByteSlabs {
  private readonly slabs: Uint8Array[] = [new Uint8Array(SLAB_BYTES)];
  private used = 0;

  /** Copies `bytes` into a slab. Callers must not write there. */
  place(bytes: Uint8Array): SlabPlace {
    assert(bytes.length <= SLAB_BYTES, "a slab holds the bytes");
    if (this.used + bytes.length > SLAB_BYTES) {
      this.slabs.push(new Uint8Array(SLAB_BYTES));
      this.used = 0;
    }
    const slabIndex = this.slabs.length - 1;
    const slab = this.slabs[slabIndex]!;
    const start = this.used;
    slab.set(bytes, start);
    this.used += bytes.length;
    return { slab, slabIndex, start };
  }

  /** The slab numbered `index` by `place`. */
  slab(index: number): Uint8Array {
    return this.slabs[index]!;
  }
}
