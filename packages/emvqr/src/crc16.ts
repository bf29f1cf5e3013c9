/**
 * CRC-16/CCITT-FALSE (ISO/IEC 13239): polynomial 0x1021, initial value 0xFFFF, no reflection,
 * no final XOR. The check value of the ASCII bytes "123456789" is 0x29B1.
 *
 * EMV MPM computes it over the UTF-8 bytes of the whole payload up to and including "6304" (the
 * CRC's own ID and length) and writes it as four upper-case hex digits.
 */

/** One table entry per byte value, built once: the bytewise form of the bitwise algorithm. */
const TABLE = ((): Uint16Array => {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    table[byte] = crc & 0xffff;
  }
  return table;
})();

export function crc16CcittFalse(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (let i = 0; i < bytes.length; i++) {
    crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ bytes[i]!) & 0xff]!) & 0xffff;
  }
  return crc;
}

const UTF8 = new TextEncoder();

/** The four upper-case hex digits of the CRC of `text`'s UTF-8 bytes. */
export function crcHex(text: string): string {
  return crc16CcittFalse(UTF8.encode(text)).toString(16).toUpperCase().padStart(4, "0");
}
