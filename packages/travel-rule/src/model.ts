/**
 * The travel-rule data a cross-border payment carries (FATF Recommendation 16), in the shape and
 * field names of IVMS101 (interVASP Messaging Standard, issue 1, 2020), cut down to what the
 * rule requires plus what a bank commonly sends. Two fields are ours, not IVMS101's: the ledger
 * ids of the originating and beneficiary institutions, which bind the data to the corridor.
 *
 * Every value is a string, an array or an object — no numbers, booleans or nulls — so the
 * canonical JSON form (canonical-json.ts) has exactly one spelling per value.
 */
import type { InstitutionId } from "@tongbao/types";

/** IVMS101 NaturalPersonNameTypeCode: legal, alias, at birth, maiden, other. */
export type NaturalPersonNameType = "LEGL" | "ALIA" | "BIRT" | "MAID" | "MISC";
/** IVMS101 LegalPersonNameTypeCode: legal, short, trading. */
export type LegalPersonNameType = "LEGL" | "SHRT" | "TRAD";
/** IVMS101 AddressTypeCode: residential, business, geographic (a legal person's seat). */
export type AddressType = "HOME" | "BIZZ" | "GEOG";
/** IVMS101 NationalIdentifierTypeCode. */
export type NationalIdentifierType =
  | "ARNU" // alien registration number
  | "CCPT" // passport number
  | "RAID" // registration authority identifier
  | "DRLC" // driver's licence number
  | "FIIN" // foreign investment identity number
  | "TXID" // tax identification number
  | "SOCS" // social security number
  | "IDCD" // identity card number
  | "LEIX" // legal entity identifier
  | "MISC"; // unspecified

export interface NaturalPersonNameId {
  /** The family name, or the whole name where names have no parts. */
  readonly primaryIdentifier: string;
  /** Given names. */
  readonly secondaryIdentifier?: string;
  readonly nameIdentifierType: NaturalPersonNameType;
}

export interface NaturalPersonName {
  /** At least one with type LEGL (IVMS101 C6). */
  readonly nameIdentifier: readonly NaturalPersonNameId[];
  /** The name in local characters, e.g. 陈大文 next to CHAN Tai Man. */
  readonly localNameIdentifier?: readonly NaturalPersonNameId[];
}

export interface LegalPersonNameId {
  readonly legalPersonName: string;
  readonly legalPersonNameIdentifierType: LegalPersonNameType;
}

export interface LegalPersonName {
  /** At least one with type LEGL (IVMS101 C5). */
  readonly nameIdentifier: readonly LegalPersonNameId[];
  readonly localNameIdentifier?: readonly LegalPersonNameId[];
}

/** IVMS101 Address: addressLine, or streetName with buildingName or buildingNumber (C8). */
export interface Address {
  readonly addressType: AddressType;
  readonly department?: string;
  readonly subDepartment?: string;
  readonly streetName?: string;
  readonly buildingNumber?: string;
  readonly buildingName?: string;
  readonly floor?: string;
  readonly postBox?: string;
  readonly room?: string;
  readonly postCode?: string;
  readonly townName: string;
  readonly townLocationName?: string;
  readonly districtName?: string;
  readonly countrySubDivision?: string;
  readonly addressLine?: readonly string[];
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

export interface NationalIdentification {
  readonly nationalIdentifier: string;
  readonly nationalIdentifierType: NationalIdentifierType;
  /** ISO 3166-1 alpha-2; natural persons only (C9). */
  readonly countryOfIssue?: string;
  /** GLEIF registration authority code "RA" + 6 digits (C10). */
  readonly registrationAuthority?: string;
}

export interface DateAndPlaceOfBirth {
  /** YYYY-MM-DD, a past date (C2). */
  readonly dateOfBirth: string;
  readonly placeOfBirth: string;
}

export interface NaturalPerson {
  readonly name: NaturalPersonName;
  readonly geographicAddress?: readonly Address[];
  readonly nationalIdentification?: NationalIdentification;
  readonly customerIdentification?: string;
  readonly dateAndPlaceOfBirth?: DateAndPlaceOfBirth;
  readonly countryOfResidence?: string;
}

export interface LegalPerson {
  readonly name: LegalPersonName;
  readonly geographicAddress?: readonly Address[];
  readonly customerNumber?: string;
  readonly nationalIdentification?: NationalIdentification;
  readonly countryOfRegistration?: string;
}

/** Exactly one of the two. */
export type Person =
  | { readonly naturalPerson: NaturalPerson; readonly legalPerson?: undefined }
  | { readonly legalPerson: LegalPerson; readonly naturalPerson?: undefined };

export interface Originator {
  readonly originatorPersons: readonly Person[];
  /** The payer's account(s): on Tongbao the ledger account id. */
  readonly accountNumber: readonly string[];
}

export interface Beneficiary {
  readonly beneficiaryPersons: readonly Person[];
  readonly accountNumber: readonly string[];
}

/** IVMS101 OriginatingVASP / BeneficiaryVASP: the institution as a legal person. */
export interface OriginatingVasp {
  readonly originatingVASP: Person;
}

export interface BeneficiaryVasp {
  readonly beneficiaryVASP: Person;
}

export interface TravelRuleData {
  readonly originator: Originator;
  readonly beneficiary: Beneficiary;
  readonly originatingVASP?: OriginatingVasp;
  readonly beneficiaryVASP?: BeneficiaryVasp;
  /** Tongbao: the ledger id of the payer's institution (not an IVMS101 field). */
  readonly originatingInstitution: InstitutionId;
  /** Tongbao: the ledger id of the payee's institution (not an IVMS101 field). */
  readonly beneficiaryInstitution: InstitutionId;
}
