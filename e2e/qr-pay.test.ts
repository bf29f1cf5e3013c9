// Goal: QR payments work in real browsers against a real devnet, as a shop and a customer use
// them: the shop registers its name at its institution's desk, charges a sale and shows the
// sale's code, signed by the institution; the customer's wallet reads that code from the picture
// on the shop's screen, verifies it, shows the verified payee and pays it; the till turns "Paid"
// with the payer; the same code is not paid twice; the counter code is paid with an amount the
// customer types; the shop refunds part of a sale from its receipt, and a refund of more than
// remains is refused. Codes that must
// not be paid — the amount changed (CRC recomputed, so only the signature can tell), damaged,
// another scheme's, expired — are refused with what is wrong, and nothing is sent; a till whose
// code expires says so; the camera reads a code too.
// Method: e2e/browser.ts (`tongbao devnet --json`, Debian's Chromium by playwright-core); the
// code travels as the till draws it: a screenshot of its canvas, uploaded through the customer's
// file input. Expiry is reached by moving a browser context's clock (Date.now) forward, never by
// waiting. Every wait is for a condition, with a deadline only a broken system reaches;
// the camera path is Chromium's fake camera playing a frame of the till's canvas;
// screenshots in test-artifacts/qr-pay/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crcHex } from "@tongbao/emvqr";
import {
  balanceOf,
  onboard,
  person,
  shot,
  startBrowserDevnet,
  submissions,
  UI_WAIT_MS,
  type BrowserDevnet,
  type Person,
} from "./browser.ts";

const ARTIFACTS = new URL("../test-artifacts/qr-pay/", import.meta.url).pathname;

/** EMV QRCPS Merchant-Presented Mode v1.1, Annex B: a valid code of another scheme. */
const EMVCO_EXAMPLE =
  "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";

let devnet: BrowserDevnet;

before(async () => {
  devnet = await startBrowserDevnet(ARTIFACTS);
});

after(async () => {
  await devnet?.close();
});

/** A shop: an account opened in the merchant view, its name registered at the desk. */
async function openShop(name: string, city: string): Promise<{ shop: Person; id: string }> {
  const shop = await person(devnet.browser);
  const id = await onboard(devnet, shop, `${name} owner`, "merchant");
  await shop.page.getByTestId("shop-name-input").fill(name);
  await shop.page.getByTestId("shop-city-input").fill(city);
  await shop.page.getByTestId("shop-register").click();
  await shop.page.getByTestId("shop-name").filter({ hasText: name }).waitFor();
  return { shop, id };
}

/** Charges a sale at the till; resolves once its code is drawn. */
async function charge(shop: Person, amount: string) {
  await shop.page.getByTestId("checkout-amount").fill(amount);
  await shop.page.getByTestId("checkout-start").click();
  const sale = shop.page.locator('[data-testid="sale"][data-status="waiting"]');
  await sale.waitFor();
  // The canvas is blank until the drawing code has loaded and drawn the code.
  await shop.page.locator('[data-testid="sale-qr"][data-drawn="true"]').waitFor();
  return sale;
}

/** The customer's wallet reads a picture of a code, as a person uploads a photo or screenshot. */
async function upload(customer: Person, png: Buffer, name: string): Promise<void> {
  await customer.page
    .getByTestId("scan-file")
    .setInputFiles({ name, mimeType: "image/png", buffer: png });
}

async function paste(customer: Person, payload: string): Promise<void> {
  const scan = customer.page.getByTestId("scan-to-pay");
  if (await scan.getByTestId("scan-again").isVisible())
    await scan.getByTestId("scan-again").click();
  await scan.getByTestId("scan-paste").fill(payload);
  await scan.getByTestId("scan-paste-read").click();
}

async function refusal(customer: Person, reason: string): Promise<string> {
  const refused = customer.page.locator(`[data-testid="scan-refused"][data-reason="${reason}"]`);
  await refused.waitFor();
  return refused.innerText();
}

test("a customer pays the code on the till's screen; the till turns Paid with the payer", async () => {
  const { shop, id: shopId } = await openShop("NOODLE BAR", "KOWLOON");
  const customer = await person(devnet.browser);
  const customerId = await onboard(devnet, customer, "Chan Tai Man");

  await charge(shop, "23.40");
  const shopPage = shop.page;
  await assert.doesNotReject(
    shopPage
      .getByTestId("sale-expiry")
      .filter({ hasText: /^\d+:\d\d \(at / })
      .waitFor(),
    "the till shows how long the code is valid",
  );
  assert.match(await shopPage.getByTestId("sale-reference").innerText(), /^[A-Za-z0-9_-]{20}$/);
  await shot(devnet, shopPage, "01-till-sale-code");

  // The code as the till draws it: a picture of the canvas, uploaded by the customer.
  const png = await shopPage.getByTestId("sale-qr").screenshot();
  await writeFile(join(ARTIFACTS, "02-sale-code.png"), png);
  await upload(customer, png, "sale-code.png");
  const confirm = customer.page.getByTestId("qr-confirm");
  await confirm.waitFor();
  assert.match(
    await customer.page.getByTestId("qr-confirm-payee").innerText(),
    /NOODLE BAR, KOWLOON/,
  );
  assert.match(
    await customer.page.getByTestId("verified-by").innerText(),
    /Verified by HK E-Money Ltd \(hk-emoney\)/,
  );
  assert.match(await customer.page.getByTestId("qr-confirm-amount").innerText(), /23\.40\s*HKD/);
  const fee = customer.page.locator('[data-testid="qr-confirm-fee"][data-fee]');
  await fee.waitFor({ timeout: UI_WAIT_MS });
  const feeMinor = Math.round(Number(await fee.getAttribute("data-fee")) * 100);
  assert.match(await fee.innerText(), /charged by hk-emoney/);
  assert.equal(
    (await customer.page.getByTestId("qr-confirm-fee-total").innerText()).replace(/\s+/g, " "),
    `${((2340 + feeMinor) / 100).toFixed(2)} HKD`,
  );
  assert.match(await customer.page.getByTestId("qr-confirm-expiry").innerText(), /more \(until /);
  await shot(devnet, customer.page, "03-customer-confirm");

  await customer.page.getByTestId("qr-pay").click();
  const receipt = customer.page
    .getByTestId("scan-to-pay")
    .locator('[data-testid="receipt"][data-status="ok"]');
  await receipt.waitFor();
  const hash = await receipt.getAttribute("data-hash");
  assert.match(await receipt.innerText(), /Paid — final[\s\S]*23\.40\s*HKD to NOODLE BAR/);
  await shot(devnet, customer.page, "04-customer-receipt");

  // The till was never reloaded: the payment arrives on the sale's reference topic.
  const paid = shopPage.locator('[data-testid="sale"][data-status="paid"]');
  await paid.waitFor();
  const proof = shopPage.getByTestId("sale-paid");
  assert.equal(await proof.getAttribute("data-hash"), hash);
  assert.equal(await proof.getAttribute("data-payer"), customerId);
  assert.match(await proof.innerText(), /Paid — final[\s\S]*23\.40\s*HKD from/);
  await shot(devnet, shopPage, "05-till-paid");
  assert.equal(await balanceOf(devnet.api, shopId), "2023.40");

  // The shop refunds part of the sale from its receipt: the customer gets exactly that back.
  const customerBefore = await balanceOf(devnet.api, customerId);
  await proof.getByTestId("refund-start").click();
  const refundAmount = shopPage.getByTestId("refund-amount");
  await refundAmount.waitFor();
  assert.equal(await refundAmount.inputValue(), "23.40", "all of it is offered at first");
  await refundAmount.fill("10.00");
  await shopPage.getByTestId("refund-review").click();
  await shopPage.getByTestId("refund-confirm-button").click();
  const refunded = shopPage.getByTestId("refund-final");
  await refunded.waitFor();
  assert.match(await refunded.innerText(), /Refunded 10\.00\s*HKD — final/);
  assert.match(
    await shopPage.getByTestId("refund-remaining").innerText(),
    /Still refundable: 13\.40\s*HKD/,
  );
  const refundHash = await refunded.getAttribute("data-hash");
  await shopPage
    .locator(`[data-testid="merchant"] [data-testid="history-row"][data-hash="${refundHash}"]`)
    .filter({ hasText: /Refunded[\s\S]*10\.00/ })
    .waitFor();
  await customer.page
    .locator(`[data-testid="consumer"] [data-testid="history-row"][data-hash="${refundHash}"]`)
    .filter({ hasText: /Refund received[\s\S]*10\.00/ })
    .waitFor();
  const cents = (text: string) => Math.round(Number(text) * 100);
  assert.equal(
    cents(await balanceOf(devnet.api, customerId)) - cents(customerBefore),
    10_00,
    "the customer's balance rose by exactly the refund",
  );
  assert.equal(await balanceOf(devnet.api, shopId), "2013.40");
  await shot(devnet, shopPage, "05b-till-refunded");

  // More than remains: refused in a sentence, nothing signed, nothing moves.
  const shopSent = submissions(shop).length;
  await shopPage.getByTestId("refund-start").click();
  await refundAmount.waitFor();
  assert.equal(await refundAmount.inputValue(), "13.40");
  await refundAmount.fill("20.00");
  await shopPage.getByTestId("refund-review").click();
  assert.match(
    await shopPage.getByTestId("refund-problem").innerText(),
    /A refund of 20\.00 HKD is more than the 13\.40 HKD that can still be refunded of this payment; nothing was refunded\./,
  );
  assert.equal(await shopPage.getByTestId("refund-confirm").count(), 0);
  assert.equal(submissions(shop).length, shopSent, "nothing was submitted");
  assert.equal(await balanceOf(devnet.api, shopId), "2013.40");
  assert.equal(cents(await balanceOf(devnet.api, customerId)) - cents(customerBefore), 10_00);
  await shot(devnet, shopPage, "05c-till-refund-refused");

  // The same code again: the wallet knows this account paid it, and sends nothing more.
  await customer.page
    .locator(`[data-testid="consumer"] [data-testid="history-row"][data-hash="${hash}"]`)
    .waitFor();
  await customer.page.getByTestId("scan-to-pay").getByRole("button", { name: "Done" }).click();
  const sentBefore = submissions(customer).length;
  await upload(customer, png, "sale-code-again.png");
  assert.match(await refusal(customer, "already_paid"), /You paid this code already: 23\.40 HKD/);
  assert.equal(submissions(customer).length, sentBefore, "nothing more was submitted");
  await customer.page.getByTestId("scan-again").click();

  // The counter code: static, the customer types the amount; it arrives among the sales.
  await shopPage.getByTestId("counter-show").click();
  const counter = await shopPage
    .locator('[data-testid="counter-qr"][data-drawn="true"]')
    .screenshot();
  await writeFile(join(ARTIFACTS, "06-counter-code.png"), counter);
  await upload(customer, counter, "counter-code.png");
  await customer.page.locator('[data-testid="qr-confirm"][data-kind="static"]').waitFor();
  await customer.page.getByTestId("qr-amount").fill("5");
  await shot(devnet, customer.page, "07-customer-counter-confirm");
  await customer.page.getByTestId("qr-pay").click();
  const second = customer.page
    .getByTestId("scan-to-pay")
    .locator('[data-testid="receipt"][data-status="ok"]');
  await second.waitFor();
  const counterHash = await second.getAttribute("data-hash");
  await shopPage
    .locator(`[data-testid="merchant"] [data-testid="history-row"][data-hash="${counterHash}"]`)
    .waitFor();
  await shot(devnet, shopPage, "08-till-counter-sale");
  assert.equal(await balanceOf(devnet.api, shopId), "2018.40");

  for (const who of [shop, customer]) {
    assert.deepEqual(
      who.errors.filter((e) => /Content Security Policy|Refused to/.test(e)),
      [],
      "nothing broke the page's Content-Security-Policy",
    );
  }
  await shop.context.close();
  await customer.context.close();
});

test("changed, damaged, foreign and expired codes are refused, and nothing is sent", async () => {
  const { shop } = await openShop("TOY SHOP", "MONG KOK");
  const customer = await person(devnet.browser);
  const customerId = await onboard(devnet, customer, "Lee Siu Fung");
  await charge(shop, "12.00");
  const payload = (await shop.page.getByTestId("sale-payload").textContent())!.trim();
  assert.match(payload, /^000201.*540512\.00.*6304[0-9A-F]{4}$/);

  // The amount changed and the CRC computed again: intact as EMV, caught by the signature.
  const changedBody = payload.replace("540512.00", "540501.00").slice(0, -4);
  const changed = changedBody + crcHex(changedBody);
  await paste(customer, changed);
  assert.match(
    await refusal(customer, "signature_wrong"),
    /This code was not issued by HK E-Money Ltd: its signature does not match what it says[\s\S]*Do not pay it/,
  );
  await shot(devnet, customer.page, "11-refused-changed-amount");

  // One character changed, the CRC left as it was: damaged.
  await paste(customer, payload.replace("TOY SHOP", "TOY SHOQ"));
  assert.match(await refusal(customer, "crc_mismatch"), /The code is damaged/);
  await shot(devnet, customer.page, "12-refused-damaged");

  // Another scheme's code is read, not paid.
  await paste(customer, EMVCO_EXAMPLE);
  const foreign = await refusal(customer, "not_tongbao");
  assert.match(foreign, /not a Tongbao code: it can be read, but not paid here/);
  assert.match(foreign, /BEST TRANSPORT, BEIJING[\s\S]*23\.72 CNY/);
  await shot(devnet, customer.page, "13-refused-other-scheme");

  // Twenty minutes later on both phones: the till says its code expired, and the customer's
  // wallet refuses the same code as expired.
  const later = Date.now() + 20 * 60_000;
  await shop.context.clock.setFixedTime(later);
  await shop.page.locator('[data-testid="sale"][data-status="expired"]').waitFor();
  assert.match(await shop.page.getByTestId("sale-expired").innerText(), /has expired/);
  await shot(devnet, shop.page, "14-till-expired");
  await customer.context.clock.setFixedTime(later);
  await paste(customer, payload);
  assert.match(await refusal(customer, "expired"), /This code has expired[\s\S]*new code/);
  await shot(devnet, customer.page, "15-refused-expired");

  assert.deepEqual(submissions(customer), [], "no transaction was submitted");
  assert.equal(await balanceOf(devnet.api, customerId), "2000.00", "nothing left the account");
  await shop.context.close();
  await customer.context.close();
});

/**
 * A video file Chromium's fake camera plays in a loop: the picture centred on white, as one
 * YUV 4:2:0 frame (Y4M). Only luma carries the code; chroma is neutral grey.
 */
function y4mOf(rgba: readonly number[], width: number, height: number): Buffer {
  const [w, h] = [640, 480];
  const luma = Buffer.alloc(w * h, 255);
  const left = Math.floor((w - width) / 2);
  const top = Math.floor((h - height) / 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 4 * (y * width + x);
      const value = 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!;
      luma[(top + y) * w + left + x] = Math.round(value);
    }
  }
  const chroma = Buffer.alloc((w / 2) * (h / 2) * 2, 128);
  return Buffer.concat([
    Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\nFRAME\n`),
    luma,
    chroma,
  ]);
}

test("the camera reads the till's code from video frames", async () => {
  const { shop } = await openShop("TEA STALL", "SHEUNG WAN");
  await charge(shop, "8.80");
  const frame = await shop.page.getByTestId("sale-qr").evaluate((canvas: HTMLCanvasElement) => {
    // A blank (unpainted) canvas would be all transparent black: charge() waited for the code.
    const image = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    return { width: image.width, height: image.height, rgba: Array.from(image.data) };
  });
  assert.ok(frame.width <= 640 && frame.height <= 480, `a ${frame.width} px code fits the frame`);
  const videoDir = await mkdtemp(join(tmpdir(), "tongbao-camera-"));
  try {
    const video = join(videoDir, "till.y4m");
    await writeFile(video, y4mOf(frame.rgba, frame.width, frame.height));
    const withCamera = await devnet.launch([
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
    ]);
    const customer = await person(withCamera);
    await onboard(devnet, customer, "Wong Ka Yan");
    await customer.page.getByTestId("scan-camera").click();
    await customer.page.getByTestId("qr-confirm").waitFor();
    assert.match(await customer.page.getByTestId("qr-confirm-payee").innerText(), /TEA STALL/);
    assert.match(await customer.page.getByTestId("qr-confirm-amount").innerText(), /8\.80\s*HKD/);
    await shot(devnet, customer.page, "21-customer-camera-confirm");
    assert.equal(
      await customer.page.locator("video").count(),
      0,
      "the camera is closed once the code is read",
    );
    await customer.context.close();
  } finally {
    await rm(videoDir, { recursive: true, force: true });
  }
  await shop.context.close();
});
