// Goal: the wallet's travel-rule data is what @tongbao/travel-rule accepts (IVMS101 with the
// FATF minimum) from just two typed names and a country, and a form missing any of them says
// which field to fill — before anything is sealed or signed.
// Method: the builder's output run through the library's own validation and hash.
import { test } from "node:test";
import assert from "node:assert/strict";
import { travelRuleHash, validateTravelRuleData } from "@tongbao/travel-rule";
import { countryOfCurrency, travelRuleDataFor, type RemitParties } from "./travel-rule-data.ts";

const PARTIES: RemitParties = {
  senderName: "  Chan   Tai Man ",
  senderAccount: "a".repeat(40),
  senderInstitution: "hk-emoney",
  recipientName: "Maria Santos",
  recipientAccount: "b".repeat(40),
  recipientInstitution: "ph-wallet",
  recipientCountry: "ph",
};

test("two names and a country make valid IVMS101 that binds both accounts and institutions", () => {
  const reading = travelRuleDataFor(PARTIES);
  assert.ok(reading.ok);
  const { data } = reading;
  assert.equal(validateTravelRuleData(data).ok, true);
  const sender = data.originator.originatorPersons[0]?.naturalPerson;
  assert.deepEqual(sender?.name.nameIdentifier, [
    { primaryIdentifier: "Chan Tai Man", nameIdentifierType: "LEGL" },
  ]);
  assert.equal(sender?.customerIdentification, PARTIES.senderAccount);
  assert.deepEqual(data.originator.accountNumber, [PARTIES.senderAccount]);
  const recipient = data.beneficiary.beneficiaryPersons[0]?.naturalPerson;
  assert.equal(recipient?.name.nameIdentifier[0]?.primaryIdentifier, "Maria Santos");
  assert.equal(recipient?.countryOfResidence, "PH");
  assert.deepEqual(data.beneficiary.accountNumber, [PARTIES.recipientAccount]);
  assert.equal(data.originatingInstitution, "hk-emoney");
  assert.equal(data.beneficiaryInstitution, "ph-wallet");
  assert.match(travelRuleHash(data, new Uint8Array(32)), /^[0-9a-f]{64}$/);
});

test("a missing name or country, or a bad institution id, is told in the form's words", () => {
  const no = (parties: Partial<RemitParties>) => {
    const reading = travelRuleDataFor({ ...PARTIES, ...parties });
    assert.equal(reading.ok, false);
    return reading.ok ? "" : reading.message;
  };
  assert.match(no({ senderName: "   " }), /Type your full name/);
  assert.match(no({ recipientName: "" }), /recipient's full name/);
  assert.match(no({ recipientName: "x".repeat(101) }), /longer than 100 characters/);
  assert.match(no({ recipientCountry: "" }), /country where the recipient lives/);
  assert.match(no({ recipientCountry: "PHL" }), /country where the recipient lives/);
  assert.match(no({ recipientInstitution: "PH Wallet" }), /beneficiaryInstitution/);
});

test("a national currency's country is a first guess; a supranational one gives none", () => {
  assert.equal(countryOfCurrency("PHP"), "PH");
  assert.equal(countryOfCurrency("HKD"), "HK");
  assert.equal(countryOfCurrency("EUR"), undefined);
  assert.equal(countryOfCurrency("XOF"), undefined);
  assert.equal(countryOfCurrency("php"), undefined);
});
