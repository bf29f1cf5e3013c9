/**
 * The EMV MPM rules beyond structure: what strict mode refuses and lenient mode reports as
 * warnings. Each issue names the object (`root 54 (amount)`) and the rule. docs/spec/qr.md lists
 * the rules and why each is where it is.
 */
import { issue, type QrIssue } from "../issues.ts";
import { currencyByNumeric } from "../currency.ts";
import { codePointLength } from "../unicode.ts";
import { isMpmTemplate, mpmValue, type MpmObject, type MpmTemplate } from "./objects.ts";
import { describePath, type MpmPath } from "./schema.ts";

export interface RuleContext {
  /** The payload's length in characters (code points). */
  readonly payloadChars: number;
  /** The CRC as written. */
  readonly crc: string;
}

/** The specification's limit on a payload, in characters. */
export const PAYLOAD_CHARS_MAX = 512;
/** A GUI (AID, UUID without hyphens, or reverse domain name) is at most 32 characters. */
export const GUI_CHARS_MAX = 32;
const AMOUNT_CHARS_MAX = 13;
const ADDITIONAL_CHARS_MAX = 25;

type Report = (path: MpmPath, message: string) => void;

const inRange = (id: string, low: number, high: number) => Number(id) >= low && Number(id) <= high;

export function mpmRuleIssues(objects: readonly MpmObject[], context: RuleContext): QrIssue[] {
  const issues: QrIssue[] = [];
  const report: Report = (path, message) =>
    issues.push(issue("rule_broken", `${describePath(path)}: ${message}`));

  for (const object of objects) {
    checkNotEmpty([], object, report);
    checkRootObject(object, objects, report);
  }
  for (const id of ["52", "53", "58", "59", "60"]) {
    if (!objects.some((o) => o.id === id)) report([id], "is missing; it is mandatory");
  }
  if (!objects.some((o) => inRange(o.id, 2, 51))) {
    issues.push(
      issue(
        "rule_broken",
        "root: no merchant account information (IDs 02–51); at least one is mandatory",
      ),
    );
  }
  checkConvenienceFee(objects, report);
  if (context.payloadChars > PAYLOAD_CHARS_MAX) {
    issues.push(
      issue(
        "rule_broken",
        `root: ${context.payloadChars} characters; a payload holds at most ${PAYLOAD_CHARS_MAX}`,
      ),
    );
  }
  if (context.crc !== context.crc.toUpperCase()) {
    report(["63"], `${context.crc} must be written in upper-case hex`);
  }
  return issues;
}

function checkNotEmpty(parent: MpmPath, object: MpmObject, report: Report): void {
  const path = [...parent, object.id];
  if (isMpmTemplate(object)) {
    if (object.objects.length === 0) report(path, "is empty; a data object holds 1–99 characters");
    for (const child of object.objects) checkNotEmpty(path, child, report);
  } else if (object.value.length === 0) {
    report(path, "is empty; a data object holds 1–99 characters");
  }
}

function checkRootObject(object: MpmObject, root: readonly MpmObject[], report: Report): void {
  const { id } = object;
  const path = [id];
  if (isMpmTemplate(object)) {
    if (inRange(id, 26, 51) || inRange(id, 80, 99)) checkGuiTemplate(path, object, report);
    else if (id === "62") checkAdditionalData(object, report);
    else if (id === "64") checkAlternateLanguage(object, report);
    return;
  }
  const value = object.value;
  const quoted = JSON.stringify(value);
  switch (id) {
    case "00":
      if (value !== "01") report(path, `${quoted} must be "01"`);
      return;
    case "01":
      if (value !== "11" && value !== "12") {
        report(path, `${quoted} must be "11" (static) or "12" (dynamic)`);
      }
      return;
    case "52":
      if (!/^[0-9]{4}$/.test(value)) report(path, `${quoted} must be four digits (ISO 18245)`);
      return;
    case "53":
      if (!/^[0-9]{3}$/.test(value)) {
        report(path, `${quoted} must be three digits (ISO 4217 numeric, e.g. "344")`);
      }
      return;
    case "54":
      checkAmount(path, value, mpmValue(root, "53"), report);
      return;
    case "55":
      if (value !== "01" && value !== "02" && value !== "03") {
        report(path, `${quoted} must be "01" (prompt), "02" (fixed fee) or "03" (percentage)`);
      }
      return;
    case "56":
      checkAmount(path, value, mpmValue(root, "53"), report);
      return;
    case "57":
      if (!isPercentage(value)) report(path, `${quoted} must be a percentage "00.01"–"99.99"`);
      return;
    case "58":
      if (!/^[A-Z]{2}$/.test(value)) {
        report(path, `${quoted} must be two capital letters (ISO 3166-1 alpha-2, e.g. "HK")`);
      }
      return;
    case "59":
      checkMaxChars(path, value, 25, report);
      return;
    case "60":
      checkMaxChars(path, value, 15, report);
      return;
    case "61":
      checkMaxChars(path, value, 10, report);
      return;
  }
  if (inRange(id, 65, 79)) report(path, "is reserved for future use and must not be present");
}

function checkMaxChars(path: MpmPath, value: string, max: number, report: Report): void {
  const chars = codePointLength(value);
  if (chars > max) report(path, `${JSON.stringify(value)} is ${chars} characters; at most ${max}`);
}

/** Digits with at most one ".", non-zero, at most 13 characters, no more decimals than the
 * currency has (when the currency is one we know). */
function checkAmount(
  path: MpmPath,
  value: string,
  currencyNumeric: string | undefined,
  report: Report,
): void {
  const quoted = JSON.stringify(value);
  if (value.length > AMOUNT_CHARS_MAX) {
    report(path, `${quoted} is ${value.length} characters; at most ${AMOUNT_CHARS_MAX}`);
  } else if (!/^[0-9]*\.?[0-9]*$/.test(value) || !/[0-9]/.test(value)) {
    report(path, `${quoted} must be digits with at most one "." (e.g. "12.50")`);
  } else if (!/[1-9]/.test(value)) {
    report(path, `${quoted} must be non-zero`);
  } else {
    const currency = currencyNumeric === undefined ? undefined : currencyByNumeric(currencyNumeric);
    const decimals = (value.split(".")[1] ?? "").length;
    if (currency !== undefined && decimals > currency.minorUnits) {
      report(
        path,
        `${quoted} has ${decimals} decimals; ${currency.code} has ${currency.minorUnits}`,
      );
    }
  }
}

function isPercentage(value: string): boolean {
  const match = /^([0-9]{1,2})(?:\.([0-9]{1,2}))?$/.exec(value);
  if (match === null) return false;
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return hundredths >= 1 && hundredths <= 9999;
}

/** 55 = "02" needs 56 and 55 = "03" needs 57; neither fee may appear without its indicator. */
function checkConvenienceFee(objects: readonly MpmObject[], report: Report): void {
  const indicator = mpmValue(objects, "55");
  const fixed = objects.some((o) => o.id === "56");
  const percentage = objects.some((o) => o.id === "57");
  if (indicator === "02" && !fixed) report(["56"], 'is missing; 55 = "02" requires a fixed fee');
  if (indicator === "03" && !percentage) {
    report(["57"], 'is missing; 55 = "03" requires a percentage');
  }
  if (fixed && indicator !== "02") report(["56"], 'may only be present when 55 = "02"');
  if (percentage && indicator !== "03") report(["57"], 'may only be present when 55 = "03"');
}

/** Merchant account templates (26–51), unreserved templates (80–99) and 62's 50–99. */
function checkGuiTemplate(path: MpmPath, template: MpmTemplate, report: Report): void {
  const first = template.objects[0];
  if (first === undefined) return; // reported as empty
  if (first.id !== "00" || isMpmTemplate(first)) {
    report(path, "must start with its globally unique identifier in 00");
    return;
  }
  checkMaxChars([...path, "00"], first.value, GUI_CHARS_MAX, report);
}

function checkAdditionalData(template: MpmTemplate, report: Report): void {
  for (const object of template.objects) {
    const path = ["62", object.id];
    const n = Number(object.id);
    if (isMpmTemplate(object)) {
      checkGuiTemplate(path, object, report);
    } else if (n === 0 || (n >= 12 && n <= 49)) {
      report(path, "is reserved for future use; a scheme's own data belongs in a template 50–99");
    } else if (n === 9) {
      if (!/^(?!.*(.).*\1)[AME]{1,3}$/.test(object.value)) {
        report(path, `${JSON.stringify(object.value)} must be letters A, M, E, each at most once`);
      }
    } else if (n === 11) {
      if (codePointLength(object.value) !== 3) {
        report(path, `${JSON.stringify(object.value)} must be 3 characters`);
      }
    } else {
      checkMaxChars(path, object.value, ADDITIONAL_CHARS_MAX, report);
    }
  }
}

function checkAlternateLanguage(template: MpmTemplate, report: Report): void {
  const language = mpmValue(template.objects, "00");
  if (language === undefined) report(["64", "00"], "is missing; it is mandatory in 64");
  else if (!/^[A-Za-z]{2}$/.test(language)) {
    report(["64", "00"], `${JSON.stringify(language)} must be two letters (ISO 639-1)`);
  }
  if (!template.objects.some((o) => o.id === "01")) {
    report(["64", "01"], "is missing; it is mandatory in 64");
  }
  for (const object of template.objects) {
    const path = ["64", object.id];
    if (isMpmTemplate(object)) continue; // 64 holds no templates; the decoder never builds one
    if (object.id === "01") checkMaxChars(path, object.value, 25, report);
    else if (object.id === "02") checkMaxChars(path, object.value, 15, report);
    else if (object.id !== "00") report(path, "is reserved for future use in 64");
  }
}
