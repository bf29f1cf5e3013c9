/**
 * Bounds on everything the package accepts. Each one is far above what a real payment needs
 * and low enough that a hostile envelope costs little to refuse.
 */

/** Persons per originator or beneficiary: joint accounts have a few holders, never dozens. */
export const PERSONS_MAX = 10;
/** Name identifiers per name (legal name plus aliases, maiden name…). */
export const NAME_IDENTIFIERS_MAX = 5;
/** Addresses per person. */
export const ADDRESSES_MAX = 5;
/** IVMS101 allows at most 7 address lines, as does ISO 20022 PostalAddress24. */
export const ADDRESS_LINES_MAX = 7;
/** Account numbers per originator or beneficiary. */
export const ACCOUNT_NUMBERS_MAX = 20;

/** Canonical JSON of the data, in UTF-8 bytes: a full record is about 2 KiB. */
export const DATA_BYTES_MAX = 32 * 1024;
/** Recipients of one envelope: the two institutions, the regulator and a few more. */
export const RECIPIENTS_MAX = 16;
/** An encoded envelope: the data, base64url (4/3), and the recipients' entries. */
export const ENVELOPE_CHARS_MAX = 64 * 1024;

/** Chain ids as the codec's signing message accepts them. */
export const CHAIN_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/**
 * The payment an envelope belongs to, as the ledger will name it, e.g. "<payer>:<client id>".
 * Printable ASCII without spaces or quotes, so it reads the same in JSON, logs and URLs.
 */
export const PAYMENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
