export { type QrIssue, type QrIssueCode, type QrResult } from "./issues.ts";
export { crc16CcittFalse, crcHex } from "./crc16.ts";
export { base64Decode, base64Encode, type Base64Alphabet } from "./base64.ts";
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
export {
  isCpmTemplate,
  isConstructedTag,
  parseBerTlv,
  encodeBerTlv,
  type CpmObject,
  type CpmPrimitive,
  type CpmTemplate,
} from "./cpm/ber-tlv.ts";
export { decodeCpm, encodeCpm, CPM_BYTES_LIMIT, CPM_PREFIX, type CpmCode } from "./cpm/cpm.ts";
export {
  TONGBAO_GUI,
  MERCHANT_TEMPLATE_ID_DEFAULT,
  SIGNATURE_TEMPLATE_ID,
  SIGNATURE_CONTINUED_ID,
  DYNAMIC_VALIDITY_MS_MAX,
  QR_SIGNING_PURPOSE,
  QR_REFERENCE_TAG,
  type TongbaoCode,
  type TongbaoSignature,
} from "./tongbao/layout.ts";
export { ledgerReference } from "./tongbao/reference.ts";
export { buildTongbaoCode, type TongbaoCodeParams } from "./tongbao/build.ts";
export {
  readTongbaoCode,
  hasTongbaoTemplate,
  type ReadTongbaoCodeOptions,
} from "./tongbao/read.ts";
export { signingPayload, attachSignature } from "./tongbao/signature.ts";
export {
  verifyTongbaoCode,
  verifyWithNoble,
  type QrVerifyFunction,
  type QrVerifyItem,
  type VerifyTongbaoCodeOptions,
} from "./tongbao/verify.ts";
