// Goal: the remittance commands refuse a mistyped argument with a message naming the option and
// how to write it, before any gateway is asked; the worst-rate check agrees with the ledger's
// exact test; the travel-rule data built from the devnet profiles passes IVMS101 validation.
// Method: the parsers on good and bad input; the `tongbao` program itself on command lines that
// must fail before a network call (the --api points at a closed port: reaching it would give a
// different error); remitTravelRuleData through @tongbao/travel-rule's validator.
import { test } from "node:test";
import assert from "node:assert/strict";
import { validateTravelRuleData } from "@tongbao/travel-rule";
import { CliError } from "./errors.ts";
import { program } from "./main.ts";
import {
  amountArg,
  currencyArg,
  currencyPairArg,
  iso20022TypeArg,
  meetsWorstRate,
  offerExpiresInArg,
  offerIdArg,
  quoteAmountArg,
  rateArg,
  spreadBpsArg,
  txHashArg,
} from "./remit-args.ts";
import { remitTravelRuleData } from "./travel-rule-profile.ts";

function refuses(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (e: unknown) => e instanceof CliError && pattern.test(e.message));
}

test("currencies are three letters, upper-cased; a pair must differ", () => {
  assert.equal(currencyArg("hkd", "FROM_CCY"), "HKD");
  refuses(() => currencyArg("HK", "FROM_CCY"), /FROM_CCY: "HK" is not a currency code/);
  refuses(() => currencyArg("HKD1", "--buy"), /--buy/);
  assert.deepEqual(currencyPairArg("HKD", "php"), { from: "HKD", to: "PHP" });
  refuses(() => currencyPairArg("HKD", "hkd"), /HKD to HKD is no conversion.*tongbao pay/);
});

test("amounts and rates are positive plain decimals; a worst rate of 0 means any", () => {
  assert.equal(amountArg("1000", "AMOUNT"), "1000");
  assert.equal(amountArg("12.50", "AMOUNT"), "12.50");
  for (const bad of ["0", "0.00", "-5", "1,000", "1e3", "12.", "", "HKD 10"]) {
    refuses(() => amountArg(bad, "AMOUNT"), /AMOUNT: .* is not an amount/);
  }
  assert.equal(rateArg("7.164", "--rate"), "7.164");
  refuses(() => rateArg("0", "--rate"), /--rate: "0" is not a rate/);
  assert.equal(rateArg("0", "--worst-rate", true), "0");
  refuses(() => rateArg("7,2", "--worst-rate", true), /--worst-rate/);
});

test("offer options: duration up to 30 days, spread 0–10000 bps, ids of 32 hex", () => {
  assert.equal(offerExpiresInArg("7d"), 7 * 86_400_000);
  assert.equal(offerExpiresInArg("90s"), 90_000);
  assert.equal(offerExpiresInArg("30d"), 30 * 86_400_000);
  refuses(() => offerExpiresInArg("31d"), /longer than 30d/);
  refuses(() => offerExpiresInArg("1w"), /not a duration/);
  assert.equal(spreadBpsArg("50"), 50);
  refuses(() => spreadBpsArg("10001"), /--spread-bps/);
  refuses(() => spreadBpsArg("0.5"), /--spread-bps/);
  assert.equal(offerIdArg("484b4450485000000000000000000000"), "484b4450485000000000000000000000");
  refuses(() => offerIdArg("484B4450485000000000000000000000"), /offer list/);
  refuses(() => txHashArg("abc"), /64 lower-case hex/);
  assert.equal(iso20022TypeArg(undefined), "pacs.008");
  assert.equal(iso20022TypeArg("pain.001"), "pain.001");
  refuses(() => iso20022TypeArg("pacs.009"), /pacs.008.*pain.001/);
});

test("a quote asks for exactly one of --send and --receive", () => {
  assert.deepEqual(quoteAmountArg({ send: "1000" }), { sendAmount: "1000" });
  assert.deepEqual(quoteAmountArg({ receive: "7000" }), { receiveAmount: "7000" });
  refuses(() => quoteAmountArg({}), /--send AMOUNT .* or --receive AMOUNT/);
  refuses(() => quoteAmountArg({ send: "1", receive: "2" }), /not both/);
  refuses(() => quoteAmountArg({ send: "ten" }), /--send: "ten"/);
});

test("the worst rate is checked exactly, as the ledger does: receive × den ≥ send × num", () => {
  assert.equal(meetsWorstRate("1000.00", "7164.00", "7.164"), true);
  assert.equal(meetsWorstRate("1000.00", "7163.99", "7.164"), false);
  assert.equal(meetsWorstRate("1000.00", "7164.00", "7.1640001"), false);
  assert.equal(meetsWorstRate("1000.00", "7164.00", "7"), true);
  assert.equal(meetsWorstRate("1000.00", "0.01", "0"), true);
});

/** Runs `tongbao ARGS` and returns the CliError it must end with. */
async function cliError(args: string[]): Promise<string> {
  const root = program().exitOverride();
  for (const command of root.commands) command.exitOverride();
  try {
    // Port 9 (discard) on loopback: nothing answers, so an argument checked too late would end
    // in "cannot reach the API", not in the message asserted.
    await root.parseAsync(["node", "tongbao", ...args, "--api", "http://127.0.0.1:9"]);
  } catch (error) {
    if (error instanceof CliError) return error.message;
    throw error;
  }
  assert.fail(`tongbao ${args.join(" ")} did not fail`);
}

test("the commands refuse bad arguments before talking to a gateway", async () => {
  assert.match(
    await cliError(["remit", "alice", "maria", "1000", "HKD"]),
    /--to-currency CCY, e\.g\. tongbao remit alice maria 1000 HKD --to-currency PHP/,
  );
  assert.match(
    await cliError(["remit", "alice", "maria", "1000", "HKD", "--to-currency", "HKD"]),
    /no conversion/,
  );
  assert.match(
    await cliError(["remit", "alice", "maria", "lots", "HKD", "--to-currency", "PHP"]),
    /AMOUNT: "lots"/,
  );
  assert.match(
    await cliError([
      "remit",
      "alice",
      "maria",
      "1000",
      "HKD",
      "--to-currency",
      "PHP",
      "--worst-rate",
      "x",
    ]),
    /--worst-rate: "x" is not a rate/,
  );
  assert.match(await cliError(["quote", "HKD", "PHP"]), /--send AMOUNT/);
  assert.match(await cliError(["quote", "HKD", "PH", "--send", "1"]), /TO_CCY/);
  assert.match(await cliError(["iso20022", "deadbeef"]), /64 lower-case hex/);
  assert.match(
    await cliError(["iso20022", "ab".repeat(32), "--type", "camt.053"]),
    /--type: "camt.053"/,
  );
  assert.match(
    await cliError([
      "offer",
      "post",
      "--provider",
      "fx-bank",
      "--buy",
      "HKD",
      "--sell",
      "PHP",
      "--rate",
      "7.2",
      "--expires-in",
      "60d",
    ]),
    /longer than 30d/,
  );
  assert.match(await cliError(["offer", "withdraw", "xyz"]), /32 lower-case hex/);
});

test("travel-rule data from the devnet profiles passes IVMS101 validation", () => {
  const alice = { account: "a1".repeat(20), institution: "hk-emoney", devnetName: "alice" };
  const maria = { account: "b2".repeat(20), institution: "ph-wallet", devnetName: "maria" };
  const built = remitTravelRuleData(alice, maria);
  assert.ok(built.ok);
  const checked = validateTravelRuleData(built.data);
  assert.ok(checked.ok, JSON.stringify(checked.ok ? [] : checked.problems));
  const person = built.data.originator.originatorPersons[0]!.naturalPerson!;
  assert.equal(person.name.nameIdentifier[0]!.primaryIdentifier, "CHAN");
  assert.equal(person.customerIdentification, alice.account);
  assert.equal(built.data.beneficiaryInstitution, "ph-wallet");

  // Another account: its devnet name, or the name given; none at all is refused.
  const named = remitTravelRuleData(
    { ...alice, devnetName: "tea-house" },
    { ...maria, name: "Ana Cruz" },
  );
  assert.ok(named.ok);
  assert.ok(validateTravelRuleData(named.data).ok);
  const nameless = remitTravelRuleData(alice, { account: maria.account, institution: "ph-wallet" });
  assert.deepEqual(nameless, { ok: false, missing: "recipient" });
});
