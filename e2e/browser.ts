/**
 * Support for the browser tests: `tongbao devnet --json` as a child process (it builds the wallet
 * if needed and serves it from every validator), Debian's Chromium driven by playwright-core,
 * browser contexts as people's phones that record everything they send, and the few steps
 * every test takes (opening an account in the browser, reading a balance).
 */
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
export const CHROMIUM = process.env["TONGBAO_CHROMIUM"] ?? "/usr/bin/chromium";
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
/** Deadlines for conditions: far beyond a healthy devnet (about a block a second). */
export const UI_WAIT_MS = 60_000;

interface Line {
  readonly event: string;
  readonly [field: string]: unknown;
}

export interface BrowserDevnet {
  readonly browser: Browser;
  /** Another Chromium with extra switches (e.g. a fake camera); closed with the devnet. */
  launch(extraArgs: readonly string[]): Promise<Browser>;
  /** The first validator's wallet, e.g. http://127.0.0.1:PORT/wallet/ */
  readonly wallet: string;
  /** The same gateway's API. */
  readonly api: string;
  /** Every validator's wallet and API, by validator name (each gateway runs its institution's desk). */
  readonly wallets: Readonly<Record<string, string>>;
  readonly apis: Readonly<Record<string, string>>;
  /** The devnet's directory: genesis, keys, each validator's data. */
  readonly dir: string;
  readonly chainId: string;
  /** Where this test's screenshots go. */
  readonly artifacts: string;
  close(): Promise<void>;
}

async function freeBasePort(): Promise<number> {
  for (;;) {
    const base = 40_000 + Math.floor(Math.random() * 20_000);
    const free = await Promise.all([1, 2, 3, 4].map((i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
}

/** A devnet of four validators serving the wallet, and Chromium; screenshots in `artifacts`. */
export async function startBrowserDevnet(artifacts: string): Promise<BrowserDevnet> {
  await access(CHROMIUM, constants.X_OK).catch(() => {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium), or set TONGBAO_CHROMIUM`,
    );
  });
  await mkdir(artifacts, { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), "tongbao-wallet-"));
  const child: ChildProcess = spawn(
    process.execPath,
    [TONGBAO_BIN, "devnet", "--dir", dir, "--base-port", String(await freeBasePort()), "--json"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const close = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    await rm(dir, { recursive: true, force: true });
  };
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
  try {
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
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const others: Browser[] = [];
    return {
      browser,
      launch: async (extraArgs) => {
        const other = await chromium.launch({
          executablePath: CHROMIUM,
          args: [...CHROMIUM_ARGS, ...extraArgs],
        });
        others.push(other);
        return other;
      },
      wallet: ready["wallet"] as string,
      api: ready["api"] as string,
      wallets: ready["wallets"] as Record<string, string>,
      apis: ready["apis"] as Record<string, string>,
      dir,
      chainId: ready["chainId"] as string,
      artifacts,
      close: async () => {
        for (const other of others) await other.close();
        await browser.close();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A browser context as one person's phone, recording everything it sends. */
export interface Person {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every request URL and body and every WebSocket frame the page sent. */
  readonly sent: string[];
  /** Console errors, to find Content-Security-Policy violations. */
  readonly errors: string[];
}

export async function person(browser: Browser): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 420, height: 900 } });
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

/** A full-page screenshot for people to look at (artifacts are not asserted on). */
export function shot(devnet: BrowserDevnet, page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(devnet.artifacts, `${name}.png`), fullPage: true });
}

/**
 * Creates a key in the browser, in the given role's view, and has the devnet's desk open and
 * fund the account (2,000.00 HKD at hk-emoney, the first gateway's; another gateway's wallet
 * and the money its desk gives can be named). Returns the account id.
 */
export async function onboard(
  devnet: BrowserDevnet,
  who: Person,
  name: string,
  role: "consumer" | "merchant" = "consumer",
  at: { readonly wallet: string; readonly funds: { amount: string; currency: string } } = {
    wallet: devnet.wallet,
    funds: { amount: "2000.00", currency: "HKD" },
  },
): Promise<string> {
  const { page } = who;
  await page.goto(`${at.wallet}#/${role}`);
  await page.getByTestId("create-key").click();
  const id = await page.getByTestId("my-account-id").getAttribute("data-full");
  if (id === null || !/^[0-9a-f]{40}$/.test(id)) throw new Error(`no account id shown: ${id}`);
  await page.getByTestId("onboarding").getByRole("textbox").fill(name);
  await page.getByTestId("open-account").click();
  await page
    .locator(`[data-testid="balance-${at.funds.currency}"][data-amount="${at.funds.amount}"]`)
    .waitFor();
  return id;
}

/** An account's balance in a currency, from the gateway's API ("0.00" when it holds none). */
export async function balanceOf(api: string, account: string, currency = "HKD"): Promise<string> {
  const response = await fetch(`${api}/v1/accounts/${account}`);
  const view = (await response.json()) as { balances: { amount: string; currency: string }[] };
  return view.balances.find((b) => b.currency === currency)?.amount ?? "0.00";
}

/** Everything a page sent that submitted a transaction. */
export function submissions(who: Person): string[] {
  return who.sent.filter((s) => /^POST \S+\/v1\/transactions /.test(s));
}

export { waitFor };
