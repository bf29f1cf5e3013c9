// Goal: every message we build is well-formed XML in its namespace, holds every mandatory
// element of pacs.008.001.09 / pain.001.001.10, keeps each type's children in the schema's
// order, and writes every leaf in its format (ISO 8601 dates, amounts with the currency's
// decimals, ISO 4217 codes, UETRs) — with names and amounts that read back exactly as given.
// Method: parse with fast-xml-parser (an independent reader) and check against test data
// written from the schemas (test/schema.ts), for worked examples and fast-check inputs.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import {
  buildPacs008,
  buildPain001,
  PACS008_NAMESPACE,
  PAIN001_NAMESPACE,
  type Money,
} from "./index.ts";
import { order, remittance } from "../test/fixtures.ts";
import { pacs008Arb, pain001Arb } from "../test/arbitraries.ts";
import * as schema from "../test/schema.ts";

interface Node {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly Node[];
  readonly text: string | undefined;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
});

function parse(xml: string): Node {
  assert.equal(XMLValidator.validate(xml), true);
  const top = parser.parse(xml) as unknown[];
  assert.equal(top.length, 1, "one root element");
  return toNode(top[0]);
}

function toNode(raw: any): Node {
  const name = Object.keys(raw).find((k) => k !== ":@")!;
  const items: any[] = raw[name];
  const texts = items.filter((i) => "#text" in i).map((i) => String(i["#text"]));
  const children = items.filter((i) => !("#text" in i)).map(toNode);
  assert.ok(texts.length === 0 || children.length === 0, `${name} mixes text and elements`);
  return {
    name,
    attributes: raw[":@"] ?? {},
    children,
    text: texts.length > 0 ? texts.join("") : undefined,
  };
}

function* walk(node: Node, path: string[] = []): Generator<[string[], Node]> {
  const here = [...path, node.name];
  yield [here, node];
  for (const child of node.children) yield* walk(child, here);
}

/** Every path present, with attributes as "path@name". */
function paths(root: Node): Set<string> {
  const out = new Set<string>();
  for (const [path, node] of walk(root)) {
    out.add(path.join("/"));
    for (const attribute of Object.keys(node.attributes)) out.add(`${path.join("/")}@${attribute}`);
  }
  return out;
}

function checkStructure(root: Node): void {
  for (const [path, node] of walk(root)) {
    const type = schema.typeOf(path);
    const where = path.join("/");
    if (type === undefined) {
      assert.equal(node.children.length, 0, `${where}: a leaf with children`);
      assert.ok(node.text !== undefined && node.text !== "", `${where}: an empty leaf`);
      continue;
    }
    const { children: order, choice } = schema.TYPES[type]!;
    let last = -1;
    for (const child of node.children) {
      const index = order.indexOf(child.name);
      assert.ok(index >= 0, `${where}: ${child.name} is not a child of ${type}`);
      assert.ok(index >= last, `${where}: ${child.name} is out of ${type}'s order`);
      last = index;
    }
    if (choice) assert.equal(node.children.length, 1, `${where}: ${type} is a choice`);
    assert.ok(node.children.length > 0, `${where}: an empty ${type}`);
  }
}

function checkLeaves(root: Node): void {
  for (const [path, node] of walk(root)) {
    const where = path.join("/");
    const text = node.text ?? "";
    const max = schema.MAX_LENGTHS[node.name];
    if (max !== undefined) assert.ok([...text].length <= max, `${where}: longer than ${max}`);
    switch (node.name) {
      case "CreDtTm":
        assert.match(text, schema.ISO_DATE_TIME, where);
        break;
      case "IntrBkSttlmDt":
      case "Dt":
        assert.match(text, schema.ISO_DATE, where);
        break;
      case "UETR":
        assert.match(text, schema.UETR, where);
        break;
      case "NbOfTxs":
        assert.match(text, schema.MAX15_NUMERIC, where);
        break;
      case "BICFI":
        assert.match(text, schema.BIC, where);
        break;
      case "XchgRate":
        assert.match(text, schema.BASE_ONE_RATE, where);
        break;
      case "Ctry":
      case "CtryOfRes":
        assert.match(text, schema.COUNTRY, where);
        break;
      case "SttlmMtd":
        assert.ok(["INDA", "INGA", "COVE", "CLRG"].includes(text), where);
        break;
      case "ChrgBr":
        assert.ok(["DEBT", "CRED", "SHAR", "SLEV"].includes(text), where);
        break;
      case "Id":
        if (path.at(-2) === "Othr")
          assert.ok(text.length <= (path.at(-3) === "Id" ? 34 : 35), where);
        break;
    }
    if (schema.AMOUNT_ELEMENTS.has(node.name) && node.text !== undefined) {
      const ccy = node.attributes["Ccy"] ?? "";
      assert.match(ccy, schema.CURRENCY, `${where}@Ccy`);
      assert.match(text, schema.AMOUNT, where);
      const decimals = text.includes(".") ? text.split(".")[1]!.length : 0;
      assert.equal(
        decimals,
        schema.MINOR_UNITS[ccy],
        `${where}: ${text} ${ccy} has the wrong number of decimals`,
      );
    }
  }
}

function checkMessage(xml: string, namespace: string, mandatory: readonly string[]): Node {
  const root = parse(xml);
  assert.equal(root.name, "Document");
  assert.equal(root.attributes["xmlns"], namespace);
  const present = paths(root);
  for (const path of mandatory) assert.ok(present.has(path), `missing ${path}`);
  checkStructure(root);
  checkLeaves(root);
  return root;
}

const child = (node: Node, ...names: string[]): Node =>
  names.reduce(
    (n, name) => n.children.find((c) => c.name === name) ?? assert.fail(`no ${name}`),
    node,
  );
const all = (node: Node, name: string) => node.children.filter((c) => c.name === name);

/** The decimal an amount must read as, computed from minor units without formatAmount. */
function decimal(money: Money): string {
  const units = BigInt(10) ** BigInt(money.minorUnits);
  const whole = money.amountMinor / units;
  const fraction = (money.amountMinor % units).toString().padStart(money.minorUnits, "0");
  return money.minorUnits === 0 ? whole.toString() : `${whole}.${fraction}`;
}

test("the worked remittance is a conforming pacs.008.001.09", () => {
  const root = checkMessage(
    buildPacs008(remittance()),
    PACS008_NAMESPACE,
    schema.PACS008_MANDATORY,
  );
  const tx = child(root, "FIToFICstmrCdtTrf", "CdtTrfTxInf");
  assert.equal(child(tx, "IntrBkSttlmAmt").text, "71234.00");
  assert.equal(child(tx, "InstdAmt").text, "10000.00");
  assert.equal(child(tx, "XchgRate").text, "7.1234");
  assert.equal(child(tx, "ChrgsInf", "Amt").text, "25.00");
  assert.equal(
    child(root, "FIToFICstmrCdtTrf", "GrpHdr", "CreDtTm").text,
    "2026-05-01T08:30:00.125+00:00",
  );
});

test("the worked order is a conforming pain.001.001.10", () => {
  const root = checkMessage(buildPain001(order()), PAIN001_NAMESPACE, schema.PAIN001_MANDATORY);
  assert.equal(child(root, "CstmrCdtTrfInitn", "PmtInf", "ReqdExctnDt", "Dt").text, "2026-05-01");
  assert.equal(
    child(root, "CstmrCdtTrfInitn", "PmtInf", "CdtTrfTxInf", "Amt", "InstdAmt").text,
    "10000.00",
  );
});

test("random valid pacs.008 input conforms and reads back exactly", () => {
  fc.assert(
    fc.property(pacs008Arb, (input) => {
      const root = checkMessage(buildPacs008(input), PACS008_NAMESPACE, schema.PACS008_MANDATORY);
      const message = child(root, "FIToFICstmrCdtTrf");
      assert.equal(child(message, "GrpHdr", "NbOfTxs").text, String(input.transactions.length));
      all(message, "CdtTrfTxInf").forEach((tx, i) => {
        const given = input.transactions[i]!;
        assert.equal(child(tx, "IntrBkSttlmAmt").text, decimal(given.settlementAmount));
        assert.equal(
          child(tx, "IntrBkSttlmAmt").attributes["Ccy"],
          given.settlementAmount.currency,
        );
        assert.equal(child(tx, "PmtId", "EndToEndId").text, given.endToEndId);
        assert.equal(child(tx, "PmtId", "UETR").text, given.uetr);
        assert.equal(child(tx, "Dbtr", "Nm").text, given.debtor.name);
        assert.equal(child(tx, "Cdtr", "Nm").text, given.creditor.name);
        if (given.remittanceInformation !== undefined) {
          assert.equal(child(tx, "RmtInf", "Ustrd").text, given.remittanceInformation);
        }
      });
    }),
  );
});

test("random valid pain.001 input conforms and reads back exactly", () => {
  fc.assert(
    fc.property(pain001Arb, (input) => {
      const root = checkMessage(buildPain001(input), PAIN001_NAMESPACE, schema.PAIN001_MANDATORY);
      const message = child(root, "CstmrCdtTrfInitn");
      const total = input.paymentInstructions.reduce((n, pi) => n + pi.transfers.length, 0);
      assert.equal(child(message, "GrpHdr", "NbOfTxs").text, String(total));
      assert.equal(child(message, "GrpHdr", "InitgPty", "Nm").text, input.initiatingParty.name);
      all(message, "PmtInf").forEach((pi, i) => {
        const given = input.paymentInstructions[i]!;
        assert.equal(child(pi, "NbOfTxs").text, String(given.transfers.length));
        all(pi, "CdtTrfTxInf").forEach((tx, j) => {
          assert.equal(child(tx, "Amt", "InstdAmt").text, decimal(given.transfers[j]!.amount));
          assert.equal(child(tx, "Cdtr", "Nm").text, given.transfers[j]!.creditor.name);
        });
      });
    }),
  );
});

test("the checker itself sees a missing element, a misplaced one and a wrong decimal", () => {
  const xml = buildPacs008(remittance());
  assert.throws(
    () =>
      checkMessage(
        xml.replace(/<ChrgBr>DEBT<\/ChrgBr>\n/, ""),
        PACS008_NAMESPACE,
        schema.PACS008_MANDATORY,
      ),
    /missing .*ChrgBr/,
  );
  const swapped = xml.replace(
    /(\s*<IntrBkSttlmDt>.*<\/IntrBkSttlmDt>)(\s*<InstdAmt.*<\/InstdAmt>)/,
    "$2$1",
  );
  assert.notEqual(swapped, xml);
  assert.throws(
    () => checkMessage(swapped, PACS008_NAMESPACE, schema.PACS008_MANDATORY),
    /out of CreditTransferTransaction43's order/,
  );
  assert.throws(
    () =>
      checkMessage(xml.replace("71234.00", "71234.0"), PACS008_NAMESPACE, schema.PACS008_MANDATORY),
    /wrong number of decimals/,
  );
});
