// Goal: the web wallet works in a real browser against a real devnet, as a person uses it: two
// people (two browser contexts, as two phones) each create a key in the browser, have the
// devnet's HKD issuer open and fund their accounts, and one pays the other; the payee's page
// shows the money arrive live; the explorer shows blocks arriving and the payment; a bad amount
// is explained and sends nothing; and no secret key ever leaves a browser.
// Method: `tongbao devnet --json` as a child process (it builds the wallet if needed and serves
// it from every validator), Debian's Chromium driven by playwright-core, each wait for a
// condition with a deadline only a broken system reaches; screenshots of each step go to
// test-artifacts/wallet/ (gitignored) for people to look at.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:fs";
import { access, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { TONGBAO_BIN, portFree } from "@tongbao/cli";
import { waitFor } from "./support.ts";

/** Debian's package; CI installs it (.ci/run). Playwright never downloads a browser here. */
const CHROMIUM = process.env["TONGBAO_CHROMIUM"] ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];
const ARTIFACTS = new URL("../test-artifacts/wallet/", import.meta.url).pathname;
/** Deadlines for conditions: far beyond a healthy devnet (about a block a second). */
const UI_WAIT_MS = 60_000;

interface Line {
  readonly event: string;
  readonly [field: string]: unknown;
}

let devnet: ChildProcess | undefined;
let dir: string | undefined;
let browser: Browser | undefined;
let wallet = "";
let api = "";

async function freeBasePort(): Promise<number> {
  for (;;) {
    const base = 40_000 + Math.floor(Math.random() * 20_000);
    const free = await Promise.all([1, 2, 3, 4].map((i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
}

before(async () => {
  await access(CHROMIUM, constants.X_OK).catch(() => {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium), or set TONGBAO_CHROMIUM`,
    );
  });
  await mkdir(ARTIFACTS, { recursive: true });
  dir = await mkdtemp(join(tmpdir(), "tongbao-wallet-"));
  const child = spawn(
    process.execPath,
    [TONGBAO_BIN, "devnet", "--dir", dir, "--base-port", String(await freeBasePort()), "--json"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  devnet = child;
  const lines: Line[] = [];
  createInterface({ input: child.stdout! }).on("line", (text) => {
    try {
      lines.push(JSON.parse(text) as Line);
    } catch {
      // not a JSON line
    }
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // A cold wallet build (vite) comes first, then the validators' first blocks.
  await waitFor(
    "the devnet's ready line",
    () => {
      if (child.exitCode !== null) throw new Error(`devnet exited ${child.exitCode}: ${stderr}`);
      return lines.some((l) => l.event === "ready");
    },
    180_000,
  );
  const ready = lines.find((l) => l.event === "ready")!;
  wallet = ready["wallet"] as string;
  api = ready["api"] as string;
  assert.match(wallet, /^http:\/\/127\.0\.0\.1:\d+\/wallet\/$/, "the ready line names the wallet");
  assert.equal(wallet, `${api}/wallet/`, "the first validator's gateway serves it");
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  if (devnet !== undefined && devnet.exitCode === null) {
    devnet.kill("SIGTERM");
    await new Promise((resolve) => devnet!.once("exit", resolve));
  }
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** A browser context as one person's phone, recording everything it sends. */
interface Person {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every request URL and body and every WebSocket frame the page sent. */
  readonly sent: string[];
  /** Console errors, to find Content-Security-Policy violations. */
  readonly errors: string[];
}

async function person(): Promise<Person> {
  const context = await browser!.newContext({ viewport: { width: 420, height: 900 } });
  context.setDefaultTimeout(UI_WAIT_MS);
  const page = await context.newPage();
  const sent: string[] = [];
  const errors: string[] = [];
  page.on("request", (request) =>
    sent.push(`${request.method()} ${request.url()} ${request.postData() ?? ""}`),
  );
  page.on("websocket", (socket) =>
    socket.on("framesent", (frame) => sent.push(String(frame.payload))),
  );
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, sent, errors };
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

/** Creates a key in the browser and has the devnet's desk open and fund the account. */
async function onboard(who: Person, name: string): Promise<string> {
  const { page } = who;
  await page.goto(`${wallet}#/consumer`);
  await page.getByTestId("create-key").click({ timeout: UI_WAIT_MS });
  const id = await page.getByTestId("my-account-id").getAttribute("data-full");
  assert.match(id ?? "", /^[0-9a-f]{40}$/);
  await page.getByTestId("onboarding").getByRole("textbox").fill(name);
  await page.getByTestId("open-account").click({ timeout: UI_WAIT_MS });
  await page
    .locator('[data-testid="balance-HKD"][data-amount="1000.00"]')
    .waitFor({ timeout: UI_WAIT_MS });
  return id!;
}

async function secretOf(page: Page): Promise<string> {
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

async function balanceOf(account: string): Promise<string> {
  const response = await fetch(`${api}/v1/accounts/${account}`);
  const view = (await response.json()) as { balances: { amount: string; currency: string }[] };
  return view.balances.find((b) => b.currency === "HKD")?.amount ?? "0.00";
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
    ["5000", /You have 1000\.00 HKD; 5000\.00 HKD is more than that/],
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
  assert.equal(await balanceOf(anaId), "1000.00", "nothing left Ana's account");
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
  assert.match(await ana.page.getByTestId("confirm-fee").innerText(), /institution \(hk-emoney\)/);
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
    .locator('[data-testid="balance-HKD"][data-amount="1012.50"]')
    .waitFor({ timeout: UI_WAIT_MS });
  const row = ben.page.locator(`[data-testid="history-row"][data-hash="${hash}"]`);
  await row.waitFor({ timeout: UI_WAIT_MS });
  assert.match(await row.innerText(), /Received[\s\S]*\+12\.50/);
  await shot(ben.page, "06-ben-received");
  await ana.page
    .locator('[data-testid="balance-HKD"][data-amount="987.50"]')
    .waitFor({ timeout: UI_WAIT_MS });
  assert.equal(await balanceOf(benId), "1012.50");

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
  await till.getByTestId("checkout-amount").fill("8.80");
  await till.getByTestId("checkout-start").click();
  await till.locator('[data-slot="sale-code"]').waitFor({ timeout: UI_WAIT_MS });
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
  await explorer
    .locator(`[data-testid="block-row"][data-height="${first + 1}"]`)
    .waitFor({ timeout: UI_WAIT_MS });
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
