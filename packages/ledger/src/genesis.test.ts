// Goal: genesis builds the consortium's starting state, and every mistake in the configuration
// is refused with a message that names the entry and what to fix.
// Method: the test genesis, then one broken copy per rule; match the error text.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { CurrencyCode } from "@tongbao/types";
import { bytesToHex } from "@tongbao/std";
import {
  GenesisError,
  Role,
  checkInvariants,
  computeStateRoots,
  createGenesisState,
  type GenesisConfig,
} from "./index.ts";
import { keys, testGenesis } from "../test/fixtures.ts";

test("the test genesis has institutions, currencies with supply, accounts and fees", () => {
  const state = createGenesisState(testGenesis());
  assert.equal(state.institutions.size, 4);
  assert.equal(state.institutions.get("regulator" as never)!.roles, Role.regulator);
  // HKD: 1,000,000.00 to the issuer + 1,000.00 Alice + 50.00 Bob.
  assert.equal(
    state.currencies.get("HKD" as CurrencyCode)!.supply,
    100_000_000n + 100_000n + 5_000n,
  );
  assert.equal(state.accounts.get(keys.alice.account)!.institution, "hk-bank");
  assert.deepEqual(state.feeSchedule("hk-bank" as never, "HKD" as CurrencyCode), {
    fixedMinor: 10n,
    bps: 10,
    maxMinor: 500n,
  });
  assert.equal(state.height, 0);
  assert.deepEqual(checkInvariants(state), []);
});

test("the same configuration always gives the same state root; a different one does not", () => {
  const a = bytesToHex(computeStateRoots(createGenesisState(testGenesis())).stateRoot);
  const b = bytesToHex(computeStateRoots(createGenesisState(testGenesis())).stateRoot);
  const c = bytesToHex(
    computeStateRoots(createGenesisState(testGenesis({ chainId: "other" }))).stateRoot,
  );
  assert.equal(a, b);
  assert.notEqual(a, c);
});

function refuses(change: (config: GenesisConfig) => GenesisConfig, message: RegExp): void {
  assert.throws(
    () => createGenesisState(change(testGenesis())),
    (error: unknown) => {
      assert.ok(error instanceof GenesisError, String(error));
      assert.match(error.message, message);
      return true;
    },
  );
}

test("each inconsistency is refused with a message saying what to fix", () => {
  const [hk, ph] = testGenesis().institutions as [
    GenesisConfig["institutions"][number],
    GenesisConfig["institutions"][number],
  ];
  const [alice] = testGenesis().accounts!;
  refuses((c) => ({ ...c, chainId: "" }), /chainId: must be a non-empty string/);
  refuses((c) => ({ ...c, chainId: "has space" }), /may use only A–Z a–z 0–9/);
  refuses((c) => ({ ...c, genesisTimeMs: -1 }), /genesisTimeMs/);
  refuses(
    (c) => ({ ...c, institutions: [...c.institutions, hk] }),
    /institutions\[4\]: institution "hk-bank" is listed twice/,
  );
  refuses(
    (c) => ({ ...c, institutions: [{ ...hk, id: "HK Bank" }] }),
    /institutions\[0\]\.id: .*a–z, 0–9/,
  );
  refuses(
    (c) => ({ ...c, institutions: [{ ...hk, roles: ["banker" as never] }] }),
    /unknown role "banker"/,
  );
  refuses(
    (c) => ({ ...c, institutions: [{ ...hk, keyType: "rsa" as never }] }),
    /keyType must be "ed25519" or "p256"/,
  );
  refuses(
    (c) => ({ ...c, institutions: [{ ...hk, publicKey: "abcd" }] }),
    /has 32 bytes, this one has 2/,
  );
  refuses((c) => ({ ...c, institutions: [{ ...hk, publicKey: "zz" }] }), /publicKey: hex/);
  refuses(
    (c) => ({ ...c, institutions: [hk, { ...ph, publicKey: hk.publicKey }] }),
    /public key already used/,
  );
  refuses(
    (c) => ({ ...c, currencies: [{ code: "hkd", minorUnits: 2, issuer: "hk-bank" }] }),
    /currencies\[0\]\.code: "hkd" is not an ISO 4217 code/,
  );
  refuses(
    (c) => ({ ...c, currencies: [{ code: "HKD", minorUnits: 9, issuer: "hk-bank" }] }),
    /minorUnits: must be an integer 0–8/,
  );
  refuses(
    (c) => ({ ...c, currencies: [{ code: "HKD", minorUnits: 2, issuer: "nobody" }] }),
    /no institution "nobody"/,
  );
  refuses(
    (c) => ({ ...c, currencies: [{ code: "HKD", minorUnits: 2, issuer: "regulator" }] }),
    /lacks the issuer role/,
  );
  refuses(
    (c) => ({ ...c, currencies: [...c.currencies, c.currencies[0]!] }),
    /currency HKD is listed twice/,
  );
  refuses(
    (c) => ({ ...c, accounts: [alice!, alice!] }),
    /accounts\[1\]: an account with this public key is listed twice/,
  );
  refuses(
    (c) => ({ ...c, accounts: [{ ...alice!, kycTier: 7 }] }),
    /kycTier: must be an integer 0–3/,
  );
  refuses(
    (c) => ({ ...c, accounts: [{ ...alice!, institution: "nobody" }] }),
    /no institution "nobody"/,
  );
  refuses(
    (c) => ({ ...c, accounts: [{ ...alice!, balances: { USD: "1.00" } }] }),
    /unknown currency "USD"/,
  );
  refuses(
    (c) => ({ ...c, accounts: [{ ...alice!, balances: { HKD: "1.001" } }] }),
    /3 digits after the point; this currency allows 2/,
  );
  refuses(
    (c) => ({ ...c, accounts: [{ ...alice!, balances: { HKD: "-1" } }] }),
    /not a plain decimal/,
  );
  refuses(
    (c) => ({ ...c, accounts: [{ ...alice!, balances: { HKD: "92233720368547758.07" } }] }),
    /total supply would exceed the maximum/,
  );
  refuses(
    (c) => ({
      ...c,
      fees: [{ institution: "hk-bank", currency: "HKD", fixed: "0", bps: 10_001, max: "1" }],
    }),
    /bps: must be an integer 0–10000/,
  );
  refuses(
    (c) => ({
      ...c,
      fees: [{ institution: "hk-bank", currency: "JPY", fixed: "0", bps: 1, max: "1" }],
    }),
    /unknown currency "JPY"/,
  );
});

test("a P-256 institution key is accepted", () => {
  const config = testGenesis();
  const p256 = "02" + bytesToHex(keys.alice.publicKey);
  const state = createGenesisState({
    ...config,
    institutions: [
      ...config.institutions,
      {
        id: "wallet-co",
        name: "Wallet Co",
        roles: [],
        keyType: "p256",
        publicKey: p256.slice(0, 66),
      },
    ],
  });
  assert.equal(state.institutions.size, 5);
});
