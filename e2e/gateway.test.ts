// Goal: the README's main job works with real processes — `tongbao devnet --json` runs four
// validators each with a public API and announces them in its ready line; `tongbao pay` (a
// separate process, finding the API through the devnet directory) signs, submits and waits for a
// final receipt; another validator's API then shows the payee's new balance; `tongbao pay --qr`
// pays a merchant code signed by the payee's institution, with its reference, and refuses a
// forged one; SIGTERM to the devnet stops every validator.
// Method: the `tongbao` command spawned as child processes on 127.0.0.1 in a temp dir; the
// devnet's JSON lines read from stdout; the payee's balance polled until it changes, with
// deadlines only a broken network reaches; the validators' pids checked until they are gone.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { TONGBAO_BIN, portFree } from "@tongbao/cli";
import { crcHex } from "@tongbao/emvqr";
import { waitFor } from "./support.ts";

const run = promisify(execFile);

interface Line {
  readonly event: string;
  readonly [field: string]: unknown;
}

/** A base port whose next four ports are free now. */
async function freeBasePort(): Promise<number> {
  for (;;) {
    const base = 40_000 + Math.floor(Math.random() * 20_000);
    const free = await Promise.all([1, 2, 3, 4].map((i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `tongbao …args --json` to completion; its exit code and parsed stdout. */
async function tongbao(
  args: readonly string[],
): Promise<{ code: number; out: unknown; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [TONGBAO_BIN, ...args, "--json"], {
      timeout: 90_000,
    });
    return { code: 0, out: JSON.parse(stdout), err: stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, out: e.stdout, err: e.stderr ?? "" };
  }
}

let devnet: ChildProcess | undefined;
let dir: string | undefined;
after(async () => {
  if (devnet !== undefined && devnet.exitCode === null) devnet.kill("SIGKILL");
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

test("devnet with APIs: pay with the CLI, read the balance from another validator, stop", async () => {
  dir = await mkdtemp(join(tmpdir(), "tongbao-gateway-"));
  const basePort = await freeBasePort();
  const child = spawn(
    process.execPath,
    [TONGBAO_BIN, "devnet", "--dir", dir, "--base-port", String(basePort), "--json"],
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
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));

  // The devnet builds the web wallet first when it changed (vite; the wallet test may be
  // building it at the same moment), then waits for the validators' first blocks.
  await waitFor(
    "the devnet's ready line",
    () => {
      if (child.exitCode !== null) throw new Error(`devnet exited ${child.exitCode}: ${stderr}`);
      return lines.some((l) => l.event === "ready");
    },
    180_000,
  );
  const ready = lines.find((l) => l.event === "ready")!;
  const apis = ready["apis"] as Record<string, string>;
  // Four validators and the regulator's observer, each with its API.
  assert.equal(Object.keys(apis).length, 5, "every node serves an API");
  assert.ok(apis["regulator"], "the regulator's observer serves one too");
  assert.equal(ready["api"], Object.values(apis)[0]);
  assert.match(ready["api"] as string, /^http:\/\/127\.0\.0\.1:\d+$/);
  const pids = lines.filter((l) => l.event === "node").map((l) => l["pid"] as number);
  assert.equal(pids.length, 5);

  // Read from a validator other than the one `pay` submits to (the recorded default, the first).
  const other = Object.values(apis)[2]!;
  const balanceAt = async (api: string): Promise<string> => {
    const shown = await tongbao(["account", "show", "tea-house", "--dir", dir!, "--api", api]);
    assert.equal(shown.code, 0, shown.err);
    const view = shown.out as { balances: { currency: string; amount: string }[] };
    return view.balances.find((b) => b.currency === "HKD")?.amount ?? "0.00";
  };
  const before = await balanceAt(other);

  const paid = await tongbao(["pay", "alice", "tea-house", "12.50", "HKD", "--dir", dir]);
  assert.equal(paid.code, 0, paid.err);
  const receipt = paid.out as { codeName: string; height: number; amount: string; hash: string };
  assert.equal(receipt.codeName, "ok");
  assert.ok(receipt.height >= 1);
  assert.equal(receipt.amount, "12.50");

  const expected = (Number(before) + 12.5).toFixed(2);
  let seen = before;
  await waitFor(
    `tea-house's balance ${expected} HKD at ${other}`,
    async () => (seen = await balanceAt(other)) === expected,
    30_000,
  ).catch((error: Error) => assert.fail(`${error.message}; last seen ${seen}`));

  const tx = await tongbao(["tx", "show", receipt.hash, "--dir", dir, "--api", other]);
  assert.equal(tx.code, 0, tx.err);
  assert.equal((tx.out as { height: number }).height, receipt.height);

  // A sale's QR code signed with hk-emoney's key, paid with `tongbao pay --qr`: verified against
  // the key the gateway lists, paid with its ledger reference. The same code with another amount
  // (its CRC computed again) is refused and pays nothing.
  const made = await tongbao([
    ...["qr", "encode", "--account", "tea-house", "--name", "TEA HOUSE", "--city", "HONG KONG"],
    ...["--currency", "HKD", "--mcc", "5812", "--amount", "3.00", "--sign-with", "hk-emoney"],
    ...["--dir", dir],
  ]);
  assert.equal(made.code, 0, made.err);
  const sale = made.out as { payload: string; ledgerReference: string };
  const qrPaid = await tongbao(["pay", "alice", "--qr", sale.payload, "--dir", dir]);
  assert.equal(qrPaid.code, 0, qrPaid.err);
  const qrReceipt = qrPaid.out as {
    codeName: string;
    amount: string;
    reference: string;
    payee: { name: string; verifiedBy: string };
  };
  assert.equal(qrReceipt.codeName, "ok");
  assert.equal(qrReceipt.amount, "3.00");
  assert.equal(qrReceipt.reference, sale.ledgerReference);
  assert.deepEqual(
    [qrReceipt.payee.name, qrReceipt.payee.verifiedBy],
    ["TEA HOUSE", "HK E-Money Ltd"],
  );
  const changedBody = sale.payload.replace("54043.00", "54049.00").slice(0, -4);
  assert.notEqual(changedBody, sale.payload.slice(0, -4));
  const forged = await tongbao([
    ...["pay", "alice", "--qr", changedBody + crcHex(changedBody), "--dir", dir],
  ]);
  assert.equal(forged.code, 1);
  assert.match(forged.err, /refused: this code was not issued by HK E-Money Ltd.*nothing was paid/);

  child.kill("SIGTERM");
  assert.equal(await exited, 0, stderr);
  assert.ok(lines.some((l) => l.event === "stopped"));
  await waitFor("every validator process to exit", () => pids.every((pid) => !alive(pid)), 20_000);
});
