/**
 * Validation of travel-rule data against IVMS101 and the FATF minimum (docs/spec/travel-rule.md
 * §1). Never throws on bad input: every problem comes back with its path and what to fix.
 * Constraint numbers (C1…C11) are IVMS101's.
 */
import { aInstitutionId, type InstitutionId } from "@tongbao/types";
import {
  ACCOUNT_NUMBERS_MAX,
  ADDRESSES_MAX,
  ADDRESS_LINES_MAX,
  NAME_IDENTIFIERS_MAX,
  PERSONS_MAX,
} from "./limits.ts";
import type {
  Address,
  Beneficiary,
  BeneficiaryVasp,
  DateAndPlaceOfBirth,
  LegalPerson,
  LegalPersonName,
  LegalPersonNameId,
  NationalIdentification,
  NaturalPerson,
  NaturalPersonName,
  NaturalPersonNameId,
  Originator,
  OriginatingVasp,
  Person,
  TravelRuleData,
} from "./model.ts";
import { childPath, indexPath, type ValidationResult } from "./problems.ts";
import {
  code,
  format,
  isObject,
  itemsOf,
  list,
  optional,
  present,
  record,
  report,
  required,
  text,
  type Check,
  type Problems,
  type Rule,
} from "./schema.ts";

export interface ValidateOptions {
  /**
   * Today's date (YYYY-MM-DD) for IVMS101 C2, "a date of birth lies in the past". The library
   * reads no clock; without this the check is skipped.
   */
  readonly today?: string;
}

export function validateTravelRuleData(
  input: unknown,
  options: ValidateOptions = {},
): ValidationResult<TravelRuleData> {
  if (
    options.today !== undefined &&
    !(DATE_PATTERN.test(options.today) && isCalendarDate(options.today))
  ) {
    // The caller's configuration, not the data under validation: a bug to fix, so it throws.
    throw new RangeError(`today: "${String(options.today)}" is not a date YYYY-MM-DD`);
  }
  const problems: Problems = [];
  const value = TRAVEL_RULE_DATA.run(input, "", problems);
  if (value !== undefined && options.today !== undefined) {
    checkBirthDatesPast(value, options.today, problems);
  }
  if (problems.length > 0 || value === undefined) return { ok: false, problems };
  return { ok: true, value };
}

const country = format(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code such as "HK"');

const DATE_PATTERN = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

const isoDate = format(DATE_PATTERN, "a date YYYY-MM-DD", (value, path, problems) => {
  if (!isCalendarDate(value)) report(problems, path, "invalid", `${value} is not a calendar date`);
});

const registrationAuthority = format(
  /^RA[0-9]{6}$/,
  'a GLEIF registration authority code such as "RA000001" (C10)',
);

function isCalendarDate(value: string): boolean {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

const institutionId: Check<InstitutionId> = {
  expected: 'a ledger institution id such as "hk-bank"',
  run(value, path, problems) {
    try {
      return aInstitutionId(value, "institution id");
    } catch (error) {
      report(problems, path, "invalid", (error as Error).message);
      return undefined;
    }
  },
};

// --- Names (C5, C6) ---------------------------------------------------------------------------

/** C5/C6: among the name identifiers, at least one is the legal name. */
function legalNamePresent(typeKey: string): Rule {
  return (input, path, problems) => {
    const ids = itemsOf(input["nameIdentifier"]);
    if (ids.length === 0) return; // reported as missing or empty already
    if (!ids.some((id) => isObject(id) && id[typeKey] === "LEGL")) {
      report(
        problems,
        childPath(path, "nameIdentifier"),
        "constraint",
        `needs the legal name: one identifier with ${typeKey} "LEGL"`,
      );
    }
  };
}

const naturalNameId = record<NaturalPersonNameId>("NaturalPersonNameId", {
  primaryIdentifier: required(text(100)),
  secondaryIdentifier: optional(text(100)),
  nameIdentifierType: required(code(["LEGL", "ALIA", "BIRT", "MAID", "MISC"])),
});

const naturalName = record<NaturalPersonName>(
  "NaturalPersonName",
  {
    nameIdentifier: required(list(naturalNameId, 1, NAME_IDENTIFIERS_MAX)),
    localNameIdentifier: optional(list(naturalNameId, 1, NAME_IDENTIFIERS_MAX)),
  },
  [legalNamePresent("nameIdentifierType")],
);

const legalNameId = record<LegalPersonNameId>("LegalPersonNameId", {
  legalPersonName: required(text(100)),
  legalPersonNameIdentifierType: required(code(["LEGL", "SHRT", "TRAD"])),
});

const legalName = record<LegalPersonName>(
  "LegalPersonName",
  {
    nameIdentifier: required(list(legalNameId, 1, NAME_IDENTIFIERS_MAX)),
    localNameIdentifier: optional(list(legalNameId, 1, NAME_IDENTIFIERS_MAX)),
  },
  [legalNamePresent("legalPersonNameIdentifierType")],
);

// --- Address (C8) -----------------------------------------------------------------------------

const validAddress: Rule = (input, path, problems) => {
  const lines = itemsOf(input["addressLine"]).length > 0;
  const street = present(input, "streetName");
  const building = present(input, "buildingNumber") || present(input, "buildingName");
  if (!lines && !(street && building)) {
    report(
      problems,
      path,
      "constraint",
      "needs addressLine, or streetName with buildingNumber or buildingName (C8)",
    );
  }
};

// Lengths follow IVMS101, which takes them from ISO 20022 PostalAddress.
const address = record<Address>(
  "Address",
  {
    addressType: required(code(["HOME", "BIZZ", "GEOG"])),
    department: optional(text(50)),
    subDepartment: optional(text(70)),
    streetName: optional(text(70)),
    buildingNumber: optional(text(16)),
    buildingName: optional(text(35)),
    floor: optional(text(70)),
    postBox: optional(text(16)),
    room: optional(text(70)),
    postCode: optional(text(16)),
    townName: required(text(35)),
    townLocationName: optional(text(35)),
    districtName: optional(text(35)),
    countrySubDivision: optional(text(35)),
    addressLine: optional(list(text(70), 1, ADDRESS_LINES_MAX)),
    country: required(country),
  },
  [validAddress],
);

// --- National identification (C7, C9, C10, C11) ----------------------------------------------

/** C11: an LEI is 20 characters whose ISO 7064 MOD 97-10 check (ISO 17442) gives 1. */
export function isValidLei(value: string): boolean {
  if (!/^[A-Z0-9]{18}[0-9]{2}$/.test(value)) return false;
  let remainder = 0;
  for (const char of value) {
    const digits = char >= "A" ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const validLei: Rule = (input, path, problems) => {
  const id = input["nationalIdentifier"];
  if (input["nationalIdentifierType"] === "LEIX" && typeof id === "string" && !isValidLei(id)) {
    report(
      problems,
      childPath(path, "nationalIdentifier"),
      "constraint",
      "is not a valid LEI (20 characters with ISO 17442 check digits) (C11)",
    );
  }
};

/** C9: a legal person's identifier names its registration authority, except an LEI. */
const completeLegalIdentifier: Rule = (input, path, problems) => {
  const lei = input["nationalIdentifierType"] === "LEIX";
  if (present(input, "countryOfIssue")) {
    report(
      problems,
      childPath(path, "countryOfIssue"),
      "constraint",
      "remove it: a legal person's identifier has no country of issue (C9)",
    );
  }
  if (!lei && !present(input, "registrationAuthority")) {
    report(
      problems,
      childPath(path, "registrationAuthority"),
      "constraint",
      "required unless the identifier is an LEI (C9)",
    );
  }
  if (lei && present(input, "registrationAuthority")) {
    report(
      problems,
      childPath(path, "registrationAuthority"),
      "constraint",
      "remove it: an LEI needs no registration authority (C9)",
    );
  }
};

const naturalIdentification = record<NationalIdentification>(
  "NationalIdentification",
  {
    nationalIdentifier: required(text(35)),
    nationalIdentifierType: required(
      code(["CCPT", "IDCD", "DRLC", "SOCS", "TXID", "ARNU", "FIIN", "RAID", "LEIX", "MISC"]),
    ),
    countryOfIssue: optional(country),
    registrationAuthority: optional(registrationAuthority),
  },
  [validLei],
);

const legalIdentification = record<NationalIdentification>(
  "NationalIdentification",
  {
    nationalIdentifier: required(text(35)),
    // C7: a legal person is identified by a registration, an LEI, a tax id or "other".
    nationalIdentifierType: required(code(["RAID", "LEIX", "TXID", "MISC"])),
    countryOfIssue: optional(country),
    registrationAuthority: optional(registrationAuthority),
  },
  [validLei, completeLegalIdentifier],
);

// --- Persons (C1, C4) -------------------------------------------------------------------------

const birth = record<DateAndPlaceOfBirth>("DateAndPlaceOfBirth", {
  dateOfBirth: required(isoDate),
  placeOfBirth: required(text(70)),
});

/** C1: an originator who is a natural person is identified by more than a name. */
const originatorNaturalIdentified: Rule = (input, path, problems) => {
  const keys = [
    "geographicAddress",
    "customerIdentification",
    "nationalIdentification",
    "dateAndPlaceOfBirth",
  ];
  if (!keys.some((key) => present(input, key))) {
    report(
      problems,
      path,
      "constraint",
      "needs one of geographicAddress, customerIdentification, nationalIdentification or dateAndPlaceOfBirth (C1)",
    );
  }
};

/** C4: an originator that is a legal person needs its seat, a customer number or an id. */
const originatorLegalIdentified: Rule = (input, path, problems) => {
  const seat = itemsOf(input["geographicAddress"]).some(
    (a) => isObject(a) && a["addressType"] === "GEOG",
  );
  if (!seat && !present(input, "customerNumber") && !present(input, "nationalIdentification")) {
    report(
      problems,
      path,
      "constraint",
      'needs a geographicAddress of type "GEOG", a customerNumber or a nationalIdentification (C4)',
    );
  }
};

function naturalPerson(originator: boolean): Check<NaturalPerson> {
  return record<NaturalPerson>(
    "NaturalPerson",
    {
      name: required(naturalName),
      geographicAddress: optional(list(address, 1, ADDRESSES_MAX)),
      nationalIdentification: optional(naturalIdentification),
      customerIdentification: optional(text(50)),
      dateAndPlaceOfBirth: optional(birth),
      countryOfResidence: optional(country),
    },
    originator ? [originatorNaturalIdentified] : [],
  );
}

function legalPerson(originator: boolean): Check<LegalPerson> {
  return record<LegalPerson>(
    "LegalPerson",
    {
      name: required(legalName),
      geographicAddress: optional(list(address, 1, ADDRESSES_MAX)),
      customerNumber: optional(text(50)),
      nationalIdentification: optional(legalIdentification),
      countryOfRegistration: optional(country),
    },
    originator ? [originatorLegalIdentified] : [],
  );
}

const exactlyOneKind: Rule = (input, path, problems) => {
  const natural = present(input, "naturalPerson");
  const legal = present(input, "legalPerson");
  if (natural === legal) {
    report(
      problems,
      path,
      natural ? "constraint" : "required",
      natural
        ? "has both naturalPerson and legalPerson; keep one"
        : "required: naturalPerson or legalPerson",
    );
  }
};

interface PersonFields {
  readonly naturalPerson?: NaturalPerson;
  readonly legalPerson?: LegalPerson;
}

function person(originator: boolean): Check<Person> {
  return record<PersonFields>(
    "Person",
    {
      naturalPerson: optional(naturalPerson(originator)),
      legalPerson: optional(legalPerson(originator)),
    },
    [exactlyOneKind],
  ) as Check<Person>;
}

// --- The whole record ---------------------------------------------------------------------------

const accountNumbers = list(text(100), 1, ACCOUNT_NUMBERS_MAX);

const originator = record<Originator>("Originator", {
  originatorPersons: required(list(person(true), 1, PERSONS_MAX)),
  accountNumber: required(accountNumbers),
});

const beneficiary = record<Beneficiary>("Beneficiary", {
  beneficiaryPersons: required(list(person(false), 1, PERSONS_MAX)),
  accountNumber: required(accountNumbers),
});

const originatingVasp = record<OriginatingVasp>("OriginatingVASP", {
  originatingVASP: required(person(false)),
});

const beneficiaryVasp = record<BeneficiaryVasp>("BeneficiaryVASP", {
  beneficiaryVASP: required(person(false)),
});

const TRAVEL_RULE_DATA = record<TravelRuleData>("TravelRuleData", {
  originator: required(originator),
  beneficiary: required(beneficiary),
  originatingVASP: optional(originatingVasp),
  beneficiaryVASP: optional(beneficiaryVasp),
  originatingInstitution: required(institutionId),
  beneficiaryInstitution: required(institutionId),
});

/** C2, on checked data: a date of birth lies before today. */
function checkBirthDatesPast(data: TravelRuleData, today: string, problems: Problems): void {
  const groups = [
    ["originator.originatorPersons", data.originator.originatorPersons],
    ["beneficiary.beneficiaryPersons", data.beneficiary.beneficiaryPersons],
  ] as const;
  for (const [path, persons] of groups) {
    persons.forEach((p, i) => {
      const date = p.naturalPerson?.dateAndPlaceOfBirth?.dateOfBirth;
      if (date !== undefined && !(date < today)) {
        const at = `${indexPath(path, i)}.naturalPerson.dateAndPlaceOfBirth.dateOfBirth`;
        report(problems, at, "constraint", `${date} is not in the past (C2)`);
      }
    });
  }
}
