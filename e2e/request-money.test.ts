// Goal: requests to pay work in real browsers against a real devnet: one person asks another for
// an amount from the wallet; the payer's wallet shows the request live and approves it, which
// pays it — the requester sees it paid and its balance rises by exactly the amount; a second
// request, declined, shows declined on both sides and moves nothing. A shop's till reads a
// customer's one-time code (EMV CPM) from a picture of the phone's screen and asks for the sale;
// the customer approves on the phone and the till shows it paid; the code, expired, is refused.
// Method: e2e/browser.ts (`tongbao devnet --json`, Debian's Chromium by playwright-core); two
// browser contexts as two phones; every wait is for a condition; screenshots in
// test-artifacts/request-money/.
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

const ARTIFACTS = new URL("../test-artifacts/request-money/", import.meta.url).pathname;

let devnet: BrowserDevnet;

before(async () => {
  devnet = await startBrowserDevnet(ARTIFACTS);
});

after(async () => {
  await devnet?.close();
});

test("A requests money from B; B approves and A is paid; a second request declined shows declined", async () => {
  const a = await person(devnet.browser);
  const aId = await onboard(devnet, a, "Wong Ka Yan");
  const b = await person(devnet.browser);
  const bId = await onboard(devnet, b, "Ho Chi Keung");

  // A asks B for 12.50 HKD, with a note for herself.
  const ask = async (amount: string, note: string) => {
    const form = a.page.getByTestId("request-money");
    await form.getByTestId("request-from").fill(bId);
    await form.getByTestId("request-amount").fill(amount);
    await form.getByTestId("request-note").fill(note);
    await form.getByTestId("request-send").click();
    const row = form
      .locator('[data-testid="outgoing-request"][data-status="open"]')
      .filter({ hasText: note });
    await row.waitFor();
    return (await row.getAttribute("data-request-id"))!;
  };
  const first = await ask("12.50", "Dinner on Friday");
  const mine = a.page.locator(`[data-testid="outgoing-request"][data-request-id="${first}"]`);
  assert.match(await mine.innerText(), /12\.50\s*HKD from[\s\S]*Dinner on Friday[\s\S]*Waiting/);
  await shot(devnet, a.page, "01-a-requested");

  // B's wallet shows it live (no reload) and approves it.
  const incoming = b.page.locator(
    `[data-testid="incoming-request"][data-request-id="${first}"][data-payee="${aId}"]`,
  );
  await incoming.waitFor();
  assert.match(await incoming.innerText(), /asks you to pay\s*12\.50\s*HKD/);
  assert.doesNotMatch(await incoming.innerText(), /Dinner/, "the note stays on A's device");
  await shot(devnet, b.page, "02-b-incoming");
  const aBefore = await balanceOf(devnet.api, aId);
  await incoming.getByTestId("request-approve").click();
  await b.page
    .locator(`[data-testid="incoming-request"][data-request-id="${first}"][data-status="approved"]`)
    .filter({ hasText: /You paid it — final/ })
    .waitFor();
  await shot(devnet, b.page, "03-b-approved");

  // A sees it paid, live, and has exactly 12.50 more.
  await a.page
    .locator(`[data-testid="outgoing-request"][data-request-id="${first}"][data-status="approved"]`)
    .filter({ hasText: /Paid — final/ })
    .waitFor();
  await a.page
    .locator('[data-testid="consumer"] [data-testid="history-row"]')
    .filter({ hasText: /Request paid[\s\S]*12\.50/ })
    .waitFor();
  const cents = (text: string) => Math.round(Number(text) * 100);
  assert.equal(cents(await balanceOf(devnet.api, aId)) - cents(aBefore), 12_50);
  await shot(devnet, a.page, "04-a-paid");

  // A second request, declined: both sides show it, and nothing moves.
  const second = await ask("3.00", "Taxi");
  const declineRow = b.page.locator(
    `[data-testid="incoming-request"][data-request-id="${second}"]`,
  );
  await declineRow.waitFor();
  const balances = [await balanceOf(devnet.api, aId), await balanceOf(devnet.api, bId)];
  await declineRow.getByTestId("request-decline").click();
  await b.page
    .locator(
      `[data-testid="incoming-request"][data-request-id="${second}"][data-status="declined"]`,
    )
    .filter({ hasText: /You declined it/ })
    .waitFor();
  await a.page
    .locator(
      `[data-testid="outgoing-request"][data-request-id="${second}"][data-status="declined"]`,
    )
    .filter({ hasText: /Declined/ })
    .waitFor();
  assert.deepEqual(
    [await balanceOf(devnet.api, aId), await balanceOf(devnet.api, bId)],
    balances,
    "a declined request moves nothing",
  );
  await shot(devnet, a.page, "05-a-declined");
  await shot(devnet, b.page, "06-b-declined");
  assert.equal(submissions(a).length, 2, "A signed the two requests only");
  assert.equal(submissions(b).length, 2, "B signed one approval and one decline");

  for (const who of [a, b]) {
    assert.deepEqual(
      who.errors.filter((e) => /Content Security Policy|Refused to/.test(e)),
      [],
      "nothing broke the page's Content-Security-Policy",
    );
  }
  await a.context.close();
  await b.context.close();
});

test("a till reads the customer's one-time code, asks for the sale, and the customer approves it", async () => {
  const shop = await person(devnet.browser);
  const shopId = await onboard(devnet, shop, "Dim Sum owner", "merchant");
  const customer = await person(devnet.browser);
  const customerId = await onboard(devnet, customer, "Lam Mei Ling");

  await customer.page.getByTestId("my-code-show").click();
  const qr = customer.page.locator('[data-testid="my-code-qr"][data-drawn="true"]');
  await qr.waitFor();
  const token = await customer.page.getByTestId("my-code").getAttribute("data-token");
  const payload = (await customer.page.getByTestId("my-code-payload").textContent())!.trim();
  assert.match(payload, /^hQVDUFYw/, "an EMV CPM code: 85 CPV01 first");
  await shot(devnet, customer.page, "07-customer-code");
  const png = await qr.screenshot();

  // The till: the sale's amount, then the picture of the customer's screen.
  const till = shop.page.getByTestId("charge-code");
  await till.getByTestId("charge-code-amount").fill("48.00");
  await till
    .getByTestId("scan-file")
    .setInputFiles({ name: "customer-code.png", mimeType: "image/png", buffer: png });
  const asked = till.locator('[data-testid="charge-code-request"][data-status="open"]');
  await asked.waitFor();
  assert.match(await asked.innerText(), /48\.00\s*HKD asked of[\s\S]*waiting for the customer/);
  await shot(devnet, shop.page, "08-till-asked");

  // The customer's phone: the code is used up, and the charge waits for approval.
  await customer.page
    .locator('[data-testid="my-code"][data-status="charged"]')
    .filter({ hasText: /asks 48\.00\s*HKD for this code/ })
    .waitFor();
  const request = customer.page.locator(
    `[data-testid="incoming-request"][data-request-id="${token}"][data-payee="${shopId}"]`,
  );
  await request.waitFor();
  await shot(devnet, customer.page, "09-customer-approve");
  const before = await balanceOf(devnet.api, shopId);
  await request.getByTestId("request-approve").click();
  await shop.page
    .locator('[data-testid="charge-code-request"][data-status="approved"]')
    .filter({ hasText: /Paid — final/ })
    .waitFor();
  const cents = (text: string) => Math.round(Number(text) * 100);
  assert.equal(cents(await balanceOf(devnet.api, shopId)) - cents(before), 48_00);
  await shot(devnet, shop.page, "10-till-paid");

  // The code once its two minutes have passed (the till's clock moved on): refused, nothing sent.
  await till.getByTestId("charge-code-new").click();
  await till.getByTestId("charge-code-amount").fill("1.00");
  await till.getByTestId("scan-paste").fill(payload);
  const sent = submissions(shop).length;
  await shop.context.clock.install({ time: Date.now() + 3 * 60 * 1000 });
  await till.getByTestId("scan-paste-read").click();
  assert.match(
    await till.getByTestId("charge-code-problem").innerText(),
    /This customer code has expired: ask the customer to show a new one\./,
  );
  assert.equal(submissions(shop).length, sent, "nothing was sent for an expired code");
  assert.equal(
    await customer.page
      .locator('[data-testid="history-row"]')
      .filter({ hasText: /Paid a request/ })
      .count(),
    1,
    "the customer's history shows the one payment",
  );
  assert.ok(customerId);
  await shop.context.close();
  await customer.context.close();
});
