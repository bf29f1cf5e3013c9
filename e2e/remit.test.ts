// Goal: sending money abroad works in real browsers against a real devnet, at two gateways: a
// Hong Kong consumer onboarded at hk-emoney's wallet sends 1,000 HKD to a Philippine consumer
// onboarded at ph-wallet's. Before confirming, the quote shows the rate, the fee and what
// arrives; afterwards the Philippine wallet shows the PHP arriving live and its balance rises by
// exactly the quoted amount, and the Hong Kong balance falls by exactly what was sent plus the
// fee. Typing what the recipient should receive gives a quote that delivers at least that; an
// amount outside the offers' limits is refused in a sentence and nothing is sent. The explorer
// shows both legs.
// Method: e2e/browser.ts (`tongbao devnet --json`, Debian's Chromium by playwright-core); two
// browser contexts as two phones, each at its own institution's gateway (found by asking each
// gateway's desk); amounts compared in minor units; every wait is for a condition; screenshots
// in test-artifacts/remit/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  balanceOf,
  onboard,
  person,
  shot,
  startBrowserDevnet,
  submissions,
  type BrowserDevnet,
} from "./browser.ts";

const ARTIFACTS = new URL("../test-artifacts/remit/", import.meta.url).pathname;

let devnet: BrowserDevnet;

before(async () => {
  devnet = await startBrowserDevnet(ARTIFACTS);
});

after(async () => {
  await devnet?.close();
});

/** "1,234.50" or "1234.50" → 123450n: amounts of two decimals in minor units. */
function minor(text: string): bigint {
  const match = /^([0-9]+)\.([0-9]{2})$/.exec(text.replace(/,/g, ""));
  if (match === null) throw new Error(`not an amount of two decimals: ${text}`);
  return BigInt(match[1]!) * 100n + BigInt(match[2]!);
}

function decimal(minorUnits: bigint): string {
  return `${minorUnits / 100n}.${String(minorUnits % 100n).padStart(2, "0")}`;
}

/** The wallet and API of the gateway whose desk is `institution`'s. */
async function gatewayOf(institution: string): Promise<{ wallet: string; api: string }> {
  for (const [name, api] of Object.entries(devnet.apis)) {
    const desk = (await (await fetch(`${api}/v1/desk`)).json()) as { institution?: string };
    const wallet = devnet.wallets[name];
    if (desk.institution === institution && wallet !== undefined) return { wallet, api };
  }
  throw new Error(`no gateway runs ${institution}'s desk`);
}

test("1,000 HKD from a Hong Kong wallet arrives as PHP in a Philippine wallet, both legs shown", async () => {
  const hkGate = await gatewayOf("hk-emoney");
  const phGate = await gatewayOf("ph-wallet");
  const hk = await person(devnet.browser);
  const hkId = await onboard(devnet, hk, "Chan Tai Man", "consumer", {
    wallet: hkGate.wallet,
    funds: { amount: "2000.00", currency: "HKD" },
  });
  const ph = await person(devnet.browser);
  const phId = await onboard(devnet, ph, "Maria Santos", "consumer", {
    wallet: phGate.wallet,
    funds: { amount: "1000.00", currency: "PHP" },
  });

  const { page } = hk;
  const card = page.getByTestId("remit");
  await card.getByTestId("remit-open").click();
  await card.getByTestId("remit-to").fill(phId);
  await card.locator('[data-testid="remit-recipient"][data-institution="ph-wallet"]').waitFor();
  assert.equal(await card.getByTestId("remit-currency").inputValue(), "PHP");
  assert.equal(await card.getByTestId("remit-country").inputValue(), "PH", "guessed from PHP");
  assert.equal(
    await card.getByTestId("remit-sender-name").inputValue(),
    "Chan Tai Man",
    "the name typed at onboarding",
  );

  // An amount outside the offers' limits: told in a sentence, and nothing is sent.
  const offers = (await (await fetch(`${hkGate.api}/v1/offers?buy=HKD&sell=PHP`)).json()) as {
    offers: { minBuy: { amount: string }; maxBuy: { amount: string } }[];
  };
  assert.ok(offers.offers.length > 0, "the devnet's provider offers HKD → PHP");
  const least = offers.offers.reduce(
    (m, o) => (minor(o.minBuy.amount) < m ? minor(o.minBuy.amount) : m),
    minor(offers.offers[0]!.minBuy.amount),
  );
  const most = offers.offers.reduce(
    (m, o) => (minor(o.maxBuy.amount) > m ? minor(o.maxBuy.amount) : m),
    0n,
  );
  const outside = least > 1n ? least - 1n : most + 100n;
  await card.getByTestId("remit-amount").fill(decimal(outside));
  const refusal = card.getByTestId("remit-quote-problem");
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /outside[\s\S]*nothing was sent/i);
  await card.getByTestId("remit-recipient-name").fill("Maria Santos");
  await card.getByTestId("remit-review").click();
  await card.getByTestId("remit-problem").waitFor();
  assert.equal(await card.getByTestId("remit-confirm").count(), 0, "no review of a refused amount");
  await shot(devnet, page, "01-hk-outside-limits");

  // What they receive, typed: the quote delivers at least that.
  await card.getByTestId("remit-side-receive").check();
  await card.getByTestId("remit-amount").fill("5000.00");
  // The refused amount left no quote, so the first settled one answers this question.
  const byReceive = card.locator('[data-testid="remit-quote"][data-firm="false"]:not(.stale)');
  await byReceive.waitFor();
  const received = await byReceive.getAttribute("data-receive");
  assert.ok(minor(received!) >= minor("5000.00"), `receive ${received} ≥ 5,000.00 typed`);
  assert.match(await card.getByTestId("quote-send").innerText(), /HKD/);
  await shot(devnet, page, "02-hk-they-receive");

  // 1,000 HKD sent: the live quote shows the rate, our fee, the margin and what arrives.
  await card.getByTestId("remit-side-send").check();
  await card.getByTestId("remit-amount").fill("1000.00");
  await card.locator('[data-testid="remit-quote"][data-send="1000.00"]:not(.stale)').waitFor();
  assert.match(await card.getByTestId("quote-rate").innerText(), /1 HKD = [0-9]+\.[0-9]{4} PHP/);
  await card.getByTestId("remit-review").click();

  // The review holds a firm rate for this payer and counts down.
  const confirm = card.getByTestId("remit-confirm");
  const firm = confirm.locator(
    '[data-testid="remit-quote"][data-firm="true"][data-send="1000.00"]',
  );
  await firm.waitFor();
  const quoted = {
    receive: minor((await firm.getAttribute("data-receive"))!),
    fee: minor((await firm.getAttribute("data-fee"))!),
    total: minor((await firm.getAttribute("data-total"))!),
  };
  assert.equal(quoted.total, minor("1000.00") + quoted.fee, "total debited = send + fee");
  assert.ok(quoted.receive > 0n);
  assert.match(await confirm.getByTestId("quote-validity").innerText(), /expires in \d+ s/);
  for (const line of ["quote-rate", "quote-fee", "quote-margin", "quote-receive", "quote-total"]) {
    assert.notEqual((await confirm.getByTestId(line).innerText()).trim(), "", line);
  }
  assert.match(await confirm.innerText(), /Maria Santos[\s\S]*PH Wallet Inc/);
  await shot(devnet, page, "03-hk-confirm");
  assert.equal(submissions(hk).length, 0, "nothing signed before Send");

  const hkBefore = minor(await balanceOf(hkGate.api, hkId, "HKD"));
  const phBefore = minor(await balanceOf(phGate.api, phId, "PHP"));
  await confirm.getByTestId("remit-send").click();
  const receipt = card.getByTestId("remit-receipt");
  // Under a loaded CI machine sealing, upload and the block can take long; on a miss, the
  // screen says what the wallet showed instead.
  await receipt
    .filter({ hasText: "Arrived — final" })
    .waitFor({ timeout: 150_000 })
    .catch(async (error: unknown) => {
      await shot(devnet, page, "03b-hk-after-send");
      throw new Error(`no arrival; the card shows: ${await card.innerText()}`, { cause: error });
    });
  const hash = (await receipt.getAttribute("data-hash"))!;
  const legs = receipt.getByTestId("remittance-legs");
  assert.equal(minor((await legs.getAttribute("data-sent"))!), minor("1000.00"));
  assert.equal(minor((await legs.getAttribute("data-received"))!), quoted.receive);
  await shot(devnet, page, "04-hk-arrived");

  // The Philippine wallet shows it live, and has exactly the quoted PHP more.
  const phExpected = decimal(phBefore + quoted.receive);
  await ph.page.locator(`[data-testid="balance-PHP"][data-amount="${phExpected}"]`).waitFor();
  const row = ph.page
    .locator(`[data-testid="consumer"] [data-testid="history-row"][data-hash="${hash}"]`)
    .filter({ hasText: /Received from abroad[\s\S]*from 1,000\.00 HKD/ });
  await row.waitFor();
  assert.match(await row.innerText(), /\+/);
  await shot(devnet, ph.page, "05-ph-received");
  assert.equal(minor(await balanceOf(phGate.api, phId, "PHP")) - phBefore, quoted.receive);
  assert.equal(hkBefore - minor(await balanceOf(hkGate.api, hkId, "HKD")), quoted.total);
  await page
    .locator(`[data-testid="consumer"] [data-testid="history-row"][data-hash="${hash}"]`)
    .filter({ hasText: /Sent abroad/ })
    .waitFor();

  // The explorer: both legs, fee, rounding and rate.
  await page.goto(`${hkGate.wallet}#/explorer/tx/${hash}`);
  const leg = page.getByTestId("tx-remittance");
  await leg.waitFor();
  assert.match(await leg.getByTestId("leg-send").innerText(), /1,000\.00\s*HKD/);
  assert.match(await leg.getByTestId("leg-receive").innerText(), /PHP/);
  for (const id of ["leg-fee", "leg-residual", "leg-rate"]) await leg.getByTestId(id).waitFor();
  await shot(devnet, page, "06-explorer-both-legs");

  assert.equal(
    submissions(hk).length,
    1,
    "one remit signed by the sender; the quote was the desk's",
  );
  assert.equal(submissions(ph).length, 0, "the recipient signed nothing");
  for (const who of [hk, ph]) {
    assert.deepEqual(
      who.errors.filter((e) => /Content Security Policy|Refused to/.test(e)),
      [],
      "no CSP violation",
    );
  }
});
