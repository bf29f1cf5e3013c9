export { type QrIssue, type QrIssueCode, type QrResult } from "./issues.ts";
export { crc16CcittFalse, crcHex } from "./crc16.ts";
export { ISO_CURRENCIES, currencyByCode, currencyByNumeric, type IsoCurrency } from "./currency.ts";
export {
  isMpmTemplate,
  mpmFind,
  mpmValue,
  type MpmObject,
  type MpmPrimitive,
  type MpmTemplate,
} from "./mpm/objects.ts";
export { isTemplateId, describePath, type MpmPath } from "./mpm/schema.ts";
export {
  decodeMpm,
  PAYLOAD_CHARS_MAX,
  PAYLOAD_CHARS_LIMIT,
  type DecodeMpmOptions,
  type MpmCode,
  type MpmMode,
} from "./mpm/decode.ts";
export { encodeMpm, type EncodeMpmOptions } from "./mpm/encode.ts";
