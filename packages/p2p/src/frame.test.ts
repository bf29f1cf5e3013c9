// Goal: the stream decoder yields exactly the frames that were written, however TCP and TLS cut
// the stream, and refuses a bad length as soon as its four bytes arrive.
// Method: fast-check draws frames and cut points and compares decoded with written; then one
// case per refusal (oversize, empty, after a refusal) and the early stop a closing sink needs.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { concatBytes } from "@tongbao/std";
import { FrameDecoder, encodeFrame, encodeFrameHeader } from "./frame.ts";
import { FRAME_BYTES_MAX, FRAME_HEADER_BYTES } from "./limits.ts";

interface Frame {
  channel: number;
  payload: Uint8Array;
}

function decodeChunks(chunks: Uint8Array[], lengthMax = FRAME_BYTES_MAX) {
  const decoder = new FrameDecoder(lengthMax);
  const frames: Frame[] = [];
  let refusal: string | null = null;
  for (const chunk of chunks) {
    refusal = decoder.push(
      chunk,
      (channel, payload) => frames.push({ channel, payload: payload.slice() }),
      () => true,
    );
    if (refusal !== null) break;
  }
  return { frames, refusal, pendingBytes: decoder.pendingBytes };
}

const frameArb = fc.record({
  channel: fc.integer({ min: 0, max: 255 }),
  payload: fc.uint8Array({ maxLength: 300 }),
});

test("any frames cut anywhere decode to the same frames", () => {
  fc.assert(
    fc.property(
      fc.array(frameArb, { maxLength: 12 }),
      fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
      (frames, cuts) => {
        const stream = concatBytes(...frames.map((f) => encodeFrame(f.channel, f.payload)));
        const chunks: Uint8Array[] = [];
        for (let at = 0, i = 0; at < stream.length; i++) {
          const size = cuts[i % cuts.length]!;
          chunks.push(stream.subarray(at, at + size));
          at += size;
        }
        const decoded = decodeChunks(chunks);
        assert.equal(decoded.refusal, null);
        assert.deepEqual(
          decoded.frames,
          frames.map((f) => ({ channel: f.channel, payload: f.payload })),
        );
        assert.equal(decoded.pendingBytes, 0);
      },
    ),
  );
});

test("a 1 MB frame arriving in 16 KiB chunks is reassembled whole", () => {
  const payload = new Uint8Array(1_000_000).map((_, i) => i & 0xff);
  const stream = encodeFrame(4, payload);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < stream.length; at += 16_384) chunks.push(stream.subarray(at, at + 16_384));
  const decoded = decodeChunks(chunks);
  assert.equal(decoded.frames.length, 1);
  assert.deepEqual(decoded.frames[0], { channel: 4, payload });
});

test("a length over the limit is refused from its four bytes alone", () => {
  const header = new Uint8Array(4);
  new DataView(header.buffer).setUint32(0, FRAME_BYTES_MAX + 1);
  for (const chunks of [[header], [header.subarray(0, 1), header.subarray(1)]]) {
    const decoded = decodeChunks(chunks);
    assert.equal(
      decoded.refusal,
      `frame of ${FRAME_BYTES_MAX + 1} bytes exceeds the limit of ${FRAME_BYTES_MAX}`,
    );
    assert.deepEqual(decoded.frames, []);
  }
  // The limit in force is the decoder's own (the handshake's is smaller).
  const small = decodeChunks([encodeFrame(0, new Uint8Array(256))], 256);
  assert.equal(small.refusal, "frame of 257 bytes exceeds the limit of 256");
  assert.equal(decodeChunks([encodeFrame(0, new Uint8Array(255))], 256).frames.length, 1);
});

test("a zero length (no channel byte) is refused", () => {
  const decoded = decodeChunks([new Uint8Array(4)]);
  assert.equal(decoded.refusal, "empty frame (no channel byte)");
});

test("after a refusal the decoder accepts nothing more", () => {
  const decoder = new FrameDecoder(FRAME_BYTES_MAX);
  let delivered = 0;
  const sink = (): void => void delivered++;
  assert.ok(decoder.push(new Uint8Array(4), sink, () => true) !== null);
  assert.ok(decoder.push(encodeFrame(1, new Uint8Array(3)), sink, () => true) !== null);
  assert.equal(delivered, 0);
});

test("delivery stops within a chunk as soon as proceed() turns false", () => {
  const stream = concatBytes(encodeFrame(1, Uint8Array.of(1)), encodeFrame(1, Uint8Array.of(2)));
  const decoder = new FrameDecoder(FRAME_BYTES_MAX);
  const seen: number[] = [];
  decoder.push(
    stream,
    (_, payload) => seen.push(payload[0]!),
    () => seen.length === 0,
  );
  assert.deepEqual(seen, [1]);
});

test("the header is the u32 length of channel byte and payload, then the channel", () => {
  assert.deepEqual(encodeFrameHeader(2, 3), Uint8Array.of(0, 0, 0, 4, 2));
  assert.equal(FRAME_HEADER_BYTES, 5);
  assert.throws(() => encodeFrameHeader(1, FRAME_BYTES_MAX), /frame over the limit/);
});
