// Goal: the builders escape every XML special in names, and refuse — never truncate — input
// that ISO 20022 cannot carry, listing every problem with its path.
// Method: names with < & " ' > and other scripts read back by an XML parser; refusals of ids,
// lengths, characters, codes, FX consistency and agents, all reported in one error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { XMLParser } from "fast-xml-parser";
import {
  buildPacs008,
  buildPain001,
  Iso20022Error,
  truncateText,
  type Pacs008Input,
} from "./index.ts";
import { order, remittance } from "../test/fixtures.ts";

const parser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: false,
  attributeNamePrefix: "",
});

function withTx(edit: (tx: any, input: any) => void): Pacs008Input {
  const input = structuredClone(remittance()) as any;
  edit(input.transactions[0], input);
  return input;
}

function problemsOf(input: Pacs008Input): string[] {
  try {
    buildPacs008(input);
  } catch (error) {
    assert.ok(error instanceof Iso20022Error, String(error));
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

test("XML specials in names and free text are escaped and read back", () => {
  const name = `O'Brien & <Sons> "Ltd" ]]> 陳大文 😀`;
  const xml = buildPacs008(
    withTx((tx) => {
      tx.debtor.name = name;
      tx.creditor.postalAddress = { townName: "A&B", addressLines: ["<b>1</b>"] };
      tx.remittanceInformation = "50% & more <3";
    }),
  );
  assert.ok(xml.includes('O\'Brien &amp; &lt;Sons&gt; "Ltd" ]]&gt; 陳大文 😀'));
  const tx = parser.parse(xml).Document.FIToFICstmrCdtTrf.CdtTrfTxInf;
  assert.equal(tx.Dbtr.Nm, name);
  assert.equal(tx.Cdtr.PstlAdr.TwnNm, "A&B");
  assert.equal(tx.Cdtr.PstlAdr.AdrLine, "<b>1</b>");
  assert.equal(tx.RmtInf.Ustrd, "50% & more <3");
});

test("the same input gives the same bytes", () => {
  assert.equal(buildPacs008(remittance()), buildPacs008(remittance()));
  assert.equal(buildPain001(order()), buildPain001(order()));
});

test("every problem is reported, each with its path", () => {
  const problems = problemsOf(
    withTx((tx, input) => {
      input.messageId = "x".repeat(36);
      tx.endToEndId = "E2E_1"; // "_" is outside FIN-X
      tx.debtor.name = "N".repeat(141);
      tx.creditor.name = "bad\u0007bell";
      tx.uetr = tx.uetr.toUpperCase();
      tx.chargeBearer = "OUR";
      tx.creditorAgent = {};
      tx.debtorAgent.bic = "HKBANK";
      tx.settlementAmount.minorUnits = 3;
    }),
  );
  assert.deepEqual(problems, [
    "messageId: is 36 characters; at most 35",
    "transactions[0].uetr: expected a lower-case UUID v4 (uetrFromTxHash)",
    "transactions[0].settlementAmount.minorUnits: PHP has 2 digits after the point in ISO 4217, not 3",
    "transactions[0].endToEndId: use only A–Z a–z 0–9 / - ? : ( ) . , ' + and space",
    'transactions[0].chargeBearer: "OUR" is not one of DEBT, CRED, SHAR, SLEV',
    "transactions[0].debtor.name: is 141 characters; at most 140",
    'transactions[0].debtorAgent.bic: "HKBANK" is not a BIC (8 or 11 characters)',
    "transactions[0].creditorAgent: name the agent: bic, lei, name or other (the ledger institution id)",
    "transactions[0].creditor.name: contains a control character or a broken surrogate",
  ]);
});

test("ids keep to FIN-X and never start or end with a slash", () => {
  for (const id of ["/abc", "abc/", "a//b", "ａｂｃ", " abc"]) {
    assert.equal(problemsOf(withTx((tx) => (tx.endToEndId = id))).length, 1, id);
  }
  assert.deepEqual(problemsOf(withTx((tx) => (tx.endToEndId = "A/B-C?D:E(F).G,H'I+J K"))), []);
});

test("an exchange rate needs an instructed amount, and a conversion needs a rate", () => {
  assert.deepEqual(problemsOf(withTx((tx) => delete tx.exchangeRate)), [
    "transactions[0].exchangeRate: required: HKD was instructed and PHP settled",
  ]);
  assert.deepEqual(problemsOf(withTx((tx) => delete tx.instructedAmount)), [
    "transactions[0].instructedAmount: an exchange rate needs the instructed amount it converts",
  ]);
  assert.equal(problemsOf(withTx((tx) => (tx.exchangeRate = "7.12345678901"))).length, 1);
  assert.equal(problemsOf(withTx((tx) => (tx.exchangeRate = "-1"))).length, 1);
});

test("lengths count characters, not bytes or UTF-16 units", () => {
  assert.deepEqual(problemsOf(withTx((tx) => (tx.debtor.name = "😀".repeat(140)))), []);
  assert.deepEqual(problemsOf(withTx((tx) => (tx.remittanceInformation = "陳".repeat(140)))), []);
  assert.equal(problemsOf(withTx((tx) => (tx.remittanceInformation = "陳".repeat(141)))).length, 1);
});

test("truncation is the caller's explicit choice", () => {
  assert.equal(truncateText("陳大文 Family support for May and June", 10), "陳大文 Family");
  assert.equal(truncateText("😀".repeat(5), 3), "😀😀😀");
  assert.equal(truncateText("short", 140), "short");
  assert.throws(() => truncateText("x", 0), RangeError);
});

test("message-level counts are checked", () => {
  assert.deepEqual(problemsOf({ ...remittance(), transactions: [] }), [
    "transactions: expected 1–1000 transactions",
  ]);
  assert.throws(
    () =>
      buildPain001({
        ...order(),
        paymentInstructions: [{ ...order().paymentInstructions[0]!, transfers: [] }],
      }),
    /paymentInstructions\[0\]\.transfers: expected at least one transfer/,
  );
});
