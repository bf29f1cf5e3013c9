// Goal: the web wallet works in a real browser against a real devnet, as a person uses it: two
// people (two browser contexts, as two phones) each create a key in the browser, have the
// devnet's HKD issuer open and fund their accounts, and one pays the other; the payee's page
// shows the money arrive live; the explorer shows blocks arriving and the payment; a bad amount
// is explained and sends nothing; and no secret key ever leaves a browser.
// Method: `tongbao devnet --json` as a child process (it builds the wallet if needed and serves
// it from every validator), Debian's Chromium driven by playwright-core (e2e/browser.ts), each
// wait for a condition with a deadline only a broken system reaches; screenshots of each step go
// to test-artifacts/wallet/ (gitignored) for people to look at.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  balanceOf as balanceAt,
  onboard as onboardAt,
  person as personOf,
  shot as shotOf,
  startBrowserDevnet,
  type BrowserDevnet,
  type Person,
} from "./browser.ts";

const ARTIFACTS = new URL("../test-artifacts/wallet/", import.meta.url).pathname;
const UI_WAIT_MS = 60_000;

let devnet: BrowserDevnet | undefined;
let wallet = "";

before(async () => {
  devnet = await startBrowserDevnet(ARTIFACTS);
  wallet = devnet.wallet;
  assert.match(wallet, /^http:\/\/127\.0\.0\.1:\d+\/wallet\/$/, "the ready line names the wallet");
  assert.equal(wallet, `${devnet.api}/wallet/`, "the first validator's gateway serves it");
});

after(async () => {
  await devnet?.close();
});

const person = () => personOf(devnet!.browser);
const shot = (page: Person["page"], name: string) => shotOf(devnet!, page, name);
const onboard = (who: Person, name: string) => onboardAt(devnet!, who, name);
const balanceOf = (account: string) => balanceAt(devnet!.api, account);

async function secretOf(page: Person["page"]): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open("tongbao-wallet");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction("profiles").objectStore("profiles").getAll();
          read.onsuccess = () => {
            const [profile] = read.result as { secretKey: Uint8Array }[];
            resolve([...profile!.secretKey].map((b) => b.toString(16).padStart(2, "0")).join(""));
          };
          read.onerror = () => reject(read.error);
        };
      }),
  );
}

test("two people onboard in their browsers, one pays the other, the payee sees it live", async () => {
  const ana = await person();
  const ben = await person();
  const anaId = await onboard(ana, "Ana Santos");
  await shot(ana.page, "01-ana-onboarded");
  const benId = await onboard(ben, "Ben Chan");
  await shot(ben.page, "02-ben-onboarded");

  // A bad amount is explained where it was typed, and nothing is sent.
  const form = ana.page.getByTestId("send-form");
  await ana.page.getByTestId("send-to").fill(benId);
  await ana.page.getByTestId("send-save-as").fill("Ben");
  const tries: [string, RegExp][] = [
    ["12.345", /HKD has 2 decimals: "12\.345" has 3/],
    ["-5", /more than zero/],
    ["ten", /is not an amount: use digits/],
    ["5000", /You have 2000\.00 HKD; 5000\.00 HKD is more than that/],
  ];
  for (const [amount, message] of tries) {
    await ana.page.getByTestId("send-amount").fill(amount);
    await ana.page.getByTestId("send-review").click();
    await assert.doesNotReject(
      ana.page
        .getByTestId("send-problem")
        .filter({ hasText: message })
        .waitFor({ timeout: UI_WAIT_MS }),
      `a message for ${amount}`,
    );
  }
  await shot(ana.page, "03-ana-bad-amount");
  assert.equal(await form.isVisible(), true, "still on the form: nothing to confirm");
  assert.equal(await balanceOf(anaId), "2000.00", "nothing left Ana's account");
  assert.ok(
    !ana.sent.some((s) => /^POST \S+\/v1\/transactions /.test(s)),
    "no transaction was submitted",
  );

  // A good one: confirm shows amount and fee, then the receipt once it is final.
  await ana.page.getByTestId("send-amount").fill("12.5");
  await ana.page.getByTestId("send-review").click();
  const confirm = ana.page.getByTestId("send-confirm");
  await confirm.waitFor({ timeout: UI_WAIT_MS });
  assert.match(await ana.page.getByTestId("confirm-amount").innerText(), /12\.50\s*HKD/);
  // The fee is quoted by the gateway with the ledger's rule; the total is amount plus fee.
  const fee = ana.page.locator('[data-testid="confirm-fee"][data-fee]');
  await fee.waitFor({ timeout: UI_WAIT_MS });
  const feeMinor = Math.round(Number(await fee.getAttribute("data-fee")) * 100);
  assert.match(await fee.innerText(), /charged by hk-emoney/);
  assert.equal(
    (await ana.page.getByTestId("confirm-fee-total").innerText()).replace(/\s+/g, " "),
    `${((1250 + feeMinor) / 100).toFixed(2)} HKD`,
  );
  await shot(ana.page, "04-ana-confirm");
  await ana.page.getByTestId("send-confirm-button").click();
  const receipt = ana.page.locator('[data-testid="receipt"][data-status="ok"]');
  await receipt.waitFor({ timeout: UI_WAIT_MS });
  const hash = await receipt.getAttribute("data-hash");
  assert.match(hash ?? "", /^[0-9a-f]{64}$/);
  assert.match(await receipt.innerText(), /Paid — final/);
  await shot(ana.page, "05-ana-receipt");

  // Ben's page was never reloaded: the payment arrives over the account's WebSocket topic.
  await ben.page
    .locator('[data-testid="balance-HKD"][data-amount="2012.50"]')
    .waitFor({ timeout: UI_WAIT_MS });
  const row = ben.page.locator(`[data-testid="history-row"][data-hash="${hash}"]`);
  await row.waitFor({ timeout: UI_WAIT_MS });
  assert.match(await row.innerText(), /Received[\s\S]*\+12\.50/);
  await shot(ben.page, "06-ben-received");
  // Ana started with the desk's 2,000.00 HKD and paid the amount plus the quoted fee.
  const anaLeft = ((200_000 - 1250 - feeMinor) / 100).toFixed(2);
  await ana.page
    .locator(`[data-testid="balance-HKD"][data-amount="${anaLeft}"]`)
    .waitFor({ timeout: UI_WAIT_MS });
  assert.equal(await balanceOf(benId), "2012.50");

  // A second tab of Ben's browser is his shop's till: the same key, chosen for this tab only.
  const till = await ben.context.newPage();
  await till.goto(`${wallet}#/merchant`);
  await till
    .getByTestId("key-setup")
    .getByRole("button", { name: /My account/ })
    .click({
      timeout: UI_WAIT_MS,
    });
  await till
    .locator(`[data-testid="merchant"] [data-testid="history-row"][data-hash="${hash}"]`)
    .waitFor({ timeout: UI_WAIT_MS });
  // The shop registers the name its institution will put in its codes, then charges a sale.
  await till.getByTestId("shop-name-input").fill("BEN'S BAKERY");
  await till.getByTestId("shop-city-input").fill("KOWLOON");
  await till.getByTestId("shop-register").click();
  await till.getByTestId("shop-name").filter({ hasText: "BEN'S BAKERY" }).waitFor();
  await till.getByTestId("checkout-amount").fill("8.80");
  await till.getByTestId("checkout-start").click();
  await till
    .locator('[data-testid="sale"][data-status="waiting"]')
    .waitFor({ timeout: UI_WAIT_MS });
  await till.locator('[data-testid="sale-qr"][data-drawn="true"]').waitFor({ timeout: UI_WAIT_MS });
  await shot(till, "07-ben-till");
  assert.equal(
    await ben.page.getByTestId("consumer").isVisible(),
    true,
    "the first tab is unchanged",
  );

  // The explorer: blocks arrive live, and the payment is there with its block.
  const explorer = await ana.context.newPage();
  await explorer.goto(`${wallet}#/explorer`);
  const rows = explorer.getByTestId("block-row");
  await rows.first().waitFor({ timeout: UI_WAIT_MS });
  const first = Number(await rows.first().getAttribute("data-height"));
  // A later block arrives without a reload (any later one: the page may have subscribed just
  // after the next block was committed).
  await explorer.waitForFunction(
    (shown) =>
      Number(document.querySelector('[data-testid="block-row"]')?.getAttribute("data-height")) >
      shown,
    first,
    { timeout: UI_WAIT_MS },
  );
  await explorer.getByTestId("validator-row").nth(3).waitFor({ timeout: UI_WAIT_MS });
  assert.equal(await explorer.getByTestId("validator-row").count(), 4, "four validators");
  await shot(explorer, "08-explorer-live");
  await explorer.getByTestId("explorer-search").fill(hash!);
  await explorer.getByTestId("explorer-search").press("Enter");
  await explorer
    .locator('[data-testid="tx-status"][data-status="committed"]')
    .waitFor({ timeout: UI_WAIT_MS });
  assert.match(await explorer.getByTestId("tx-result").innerText(), /ok/);
  await shot(explorer, "09-explorer-payment");
  await explorer.getByTestId("tx-block").click();
  await explorer
    .locator(`[data-testid="block-tx"][data-hash="${hash}"]`)
    .waitFor({ timeout: UI_WAIT_MS });
  await shot(explorer, "10-explorer-block");

  // The keys stayed in the browsers: no request or frame ever carried either secret.
  for (const who of [ana, ben]) {
    const secret = await secretOf(who.page);
    assert.match(secret, /^[0-9a-f]{64}$/);
    assert.ok(!who.sent.some((s) => s.includes(secret)), "the secret key was never sent");
    assert.deepEqual(
      who.errors.filter((e) => /Content Security Policy|Refused to/.test(e)),
      [],
      "nothing broke the page's Content-Security-Policy",
    );
  }
});
