/**
 * Thrown by decoders for bytes that are not the one canonical encoding of a valid value.
 * Decoding untrusted bytes (from peers, clients, disk) always goes through this error, never
 * through an assertion: bad bytes are input, not a bug.
 */
export class DecodeError extends Error {
  override name = "DecodeError";
  constructor(
    message: string,
    /** Byte offset where decoding stopped. */
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
  }
}
