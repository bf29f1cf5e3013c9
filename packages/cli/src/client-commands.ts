/**
 * The client commands — `status`, `account show`, `pay`, `tx show`, `block show`,
 * `travel-rule read` — talk to a
 * gateway's public API with @tongbao/client, never to a node directly. Without `--api` they use
 * the API recorded by the running devnet in DIR/devnet.json (`npm start` writes .devnet/).
 * Names of demo accounts (alice, tea-house, …) resolve through DIR/accounts.json; `pay` signs
 * with the payer's key file from DIR/keys/ (or a key file path).
 */
import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  BaseError,
  HttpRequestError,
  InsufficientFundsError,
  PaymentCodeRefusedError,
  WaitForTransactionTimeoutError,
  createClient,
  getAccount,
  getBlock,
  getStatus,
  getTransaction,
  keySigner,
  mayStillCommit,
  pay,
  readTravelRule,
  verifyPaymentCode,
  type Client,
} from "@tongbao/client";
import { KeyFileError, loadKeyFile, type KeyPair } from "@tongbao/crypto";
import { readDevnetMarker } from "./devnet/devnet.ts";
import { CliError } from "./errors.ts";
import { loadAccounts, loadNodeConfig, type AccountEntry } from "./network.ts";
import { loadOperatorToken } from "./travel-rule-files.ts";
import { describeQrPayment, qrPaymentOf, type QrPayment } from "./qr-pay.ts";
import { sending } from "./sending.ts";

export interface ClientCommandOptions {
  /** The gateway's URL; default: DIR/devnet.json's api. */
  readonly api?: string;
  /** The devnet directory (names, keys, the recorded API URL). */
  readonly dir: string;
  readonly json: boolean;
}

/** How long `pay` waits for its block before giving up (it may still commit later). */
export const PAY_WAIT_MS = 60_000;

export interface Session {
  readonly client: Client;
  readonly url: string;
  readonly accounts: readonly AccountEntry[];
}

export async function session(options: ClientCommandOptions): Promise<Session> {
  const dir = resolve(options.dir);
  const marker = await readDevnetMarker(dir);
  const accounts = await loadAccounts(dir).catch(() => [] as AccountEntry[]);
  const url = options.api ?? marker?.api;
  if (url === undefined) {
    throw new CliError(
      marker === undefined
        ? `no --api given and no devnet in ${dir}: start one with \`npm start\` (or \`npx tongbao devnet\`), or pass --api URL`
        : `the devnet in ${dir} has not recorded an API yet: start it with \`npm start\`, or pass --api URL`,
    );
  }
  const probe = createClient({ url, chainId: marker?.chainId ?? "unknown" });
  const chainId =
    marker?.chainId ?? (await getStatus(probe).catch((error) => fail(error, url))).chainId;
  return { client: createClient({ url, chainId }), url, accounts };
}

/**
 * Turns an SDK error into one line saying what to fix. `sent` is the hash of a transaction the
 * command signed and submitted (see `sending`): an error after that — a lost connection, a wait
 * that ran out — does not mean it failed, so the line says how to check before retrying.
 */
export function fail(error: unknown, url: string, sent?: string): never {
  if (sent !== undefined && !(error instanceof CliError) && mayStillCommit(error)) {
    const what =
      error instanceof HttpRequestError
        ? `the connection to the API at ${url} failed (${error.details ?? error.shortMessage})`
        : error instanceof WaitForTransactionTimeoutError
          ? `it was not committed within ${error.timeoutMs / 1000} s`
          : error instanceof BaseError
            ? `then: ${error.shortMessage}`
            : `then: ${String(error)}`;
    throw new CliError(
      `transaction ${sent} was sent, but ${what}; it may still commit — check with \`tongbao tx show ${sent}\` before retrying`,
    );
  }
  if (error instanceof HttpRequestError) {
    throw new CliError(
      `cannot reach the API at ${url} (${error.shortMessage}) — is the devnet running? Start it with \`npm start\`, or pass --api URL`,
    );
  }
  if (error instanceof BaseError) {
    throw new CliError(
      [error.shortMessage, ...error.metaMessages.map((m) => m.replace(/^- /, ""))].join("; "),
    );
  }
  throw error;
}

export function names(accounts: readonly AccountEntry[]): string {
  return accounts.map((a) => a.name).join(", ");
}

/** An account id (40 hex digits) or a demo account's name. */
export function accountIdOf(text: string, accounts: readonly AccountEntry[]): string {
  const named = accounts.find((a) => a.name === text);
  if (named !== undefined) return named.accountId;
  if (/^[0-9a-f]{40}$/i.test(text)) return text.toLowerCase();
  throw new CliError(
    accounts.length === 0
      ? `"${text}" is not an account id (40 hex digits), and there is no devnet directory with names`
      : `no account named "${text}"; known names: ${names(accounts)} (or give a 40-hex-digit account id)`,
  );
}

/** A demo account's key (by name) or a key file path. */
export async function payerKey(
  from: string,
  dir: string,
  accounts: readonly AccountEntry[],
): Promise<KeyPair> {
  const named = accounts.find((a) => a.name === from);
  const path = named !== undefined ? join(dir, named.keyFile) : from;
  const isFile = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) {
    throw new CliError(
      `"${from}" is neither a demo account with a key in ${join(dir, "keys")} nor a key file; ` +
        `known names: ${names(accounts.filter((a) => a.keyFile !== ""))}`,
    );
  }
  return loadKeyFile(path).catch((error: unknown) => {
    if (error instanceof KeyFileError) throw new CliError(error.message);
    throw error;
  });
}

export function nameOf(id: string, accounts: readonly AccountEntry[]): string {
  const named = accounts.find((a) => a.accountId === id);
  return named === undefined ? id : `${named.name} (${id})`;
}

export function output(options: ClientCommandOptions, value: unknown, human: () => string[]): void {
  process.stdout.write(options.json ? JSON.stringify(value) + "\n" : human().join("\n") + "\n");
}

export async function statusCommand(options: ClientCommandOptions): Promise<void> {
  const { client, url } = await session(options);
  const status = await getStatus(client).catch((error) => fail(error, url));
  output(options, { api: url, ...status }, () => [
    `API        ${url}`,
    `chain      ${status.chainId}`,
    `height     ${status.height}${status.lastBlockTime === undefined ? "" : `  (${status.lastBlockTime})`}`,
    `mempool    ${status.mempool.transactions} transactions`,
    `validators ${status.validators
      .map((v) => `${v.name}${v.self ? " (this node)" : v.connected ? "" : " (unreachable)"}`)
      .join(", ")}`,
  ]);
}

export async function accountShowCommand(
  account: string,
  options: ClientCommandOptions,
): Promise<void> {
  const { client, url, accounts } = await session(options);
  const id = accountIdOf(account, accounts);
  const view = await getAccount(client, { id }).catch((error) => fail(error, url));
  output(options, view, () => [
    `account     ${nameOf(view.id, accounts)}`,
    `institution ${view.institution}  kyc tier ${view.kycTier}${view.frozen ? "  FROZEN" : ""}`,
    `balances    ${view.balances.length === 0 ? "none" : view.balances.map((b) => `${b.amount} ${b.currency}`).join(", ")}`,
    `as of       height ${view.height}`,
  ]);
}

function balance(
  account: { readonly balances: readonly { currency: string; amount: string }[] },
  currency: string,
): string | undefined {
  return account.balances.find((b) => b.currency === currency)?.amount;
}

/** Decimal strings with the same number of fraction digits: a − b − c, same format. */
export function subtract(a: string, b: string, c: string): string | undefined {
  const digits = (a.split(".")[1] ?? "").length;
  const units = (s: string) => {
    const [whole, fraction = ""] = s.split(".");
    if ((fraction.length ?? 0) > digits) return undefined;
    return BigInt(whole! + fraction.padEnd(digits, "0"));
  };
  const [x, y, z] = [units(a), units(b), units(c)];
  if (x === undefined || y === undefined || z === undefined) return undefined;
  const r = x - y - z;
  const sign = r < 0n ? "-" : "";
  const abs = (r < 0n ? -r : r).toString().padStart(digits + 1, "0");
  return digits === 0 ? sign + abs : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

export async function payCommand(
  from: string,
  to: string,
  amount: string,
  currency: string,
  options: ClientCommandOptions & { readonly reference?: string },
): Promise<void> {
  const dir = resolve(options.dir);
  const current = await session(options);
  const key = await payerKey(from, dir, current.accounts);
  const toId = accountIdOf(to, current.accounts);
  await payAndReport(current, key, toId, amount, currency, options);
}

/**
 * Pays a Tongbao merchant code: verified against its institution's key before anything is
 * signed; refused codes exit 1 with what is wrong, and nothing is paid.
 */
export async function payQrCommand(
  from: string,
  payload: string,
  amount: string | undefined,
  options: ClientCommandOptions,
): Promise<void> {
  const dir = resolve(options.dir);
  const current = await session(options);
  const key = await payerKey(from, dir, current.accounts);
  let payment: QrPayment;
  try {
    payment = qrPaymentOf(await verifyPaymentCode(current.client, { payload }), amount);
  } catch (error) {
    if (error instanceof PaymentCodeRefusedError) {
      throw new CliError(
        `refused: ${error.shortMessage}; nothing was paid` +
          (error.issue === undefined ? "" : ` (${error.issue.code}: ${error.issue.message})`),
      );
    }
    if (error instanceof CliError) throw error;
    return fail(error, current.url);
  }
  if (!options.json) process.stdout.write(describeQrPayment(payment, Date.now()) + "\n");
  await payAndReport(current, key, payment.to, payment.amount, payment.currency, {
    ...options,
    ...(payment.reference === undefined ? {} : { reference: payment.reference }),
    payee: payment.payee,
  });
}

async function payAndReport(
  current: Session,
  key: KeyPair,
  toId: string,
  amount: string,
  currency: string,
  options: ClientCommandOptions & {
    readonly reference?: string;
    readonly payee?: QrPayment["payee"];
  },
): Promise<void> {
  const { client, url, accounts } = current;
  const before = await getAccount(client, { id: key.accountId }).catch((error) => fail(error, url));
  const sent = sending();
  let receipt;
  try {
    receipt = await pay(client, {
      signer: keySigner(key.privateKey),
      to: toId,
      amount,
      currency,
      timeoutMs: PAY_WAIT_MS,
      onSigned: sent.onSigned,
      ...(options.reference === undefined ? {} : { reference: options.reference }),
    });
  } catch (error) {
    if (error instanceof InsufficientFundsError) {
      throw new CliError(
        `${nameOf(key.accountId, accounts)} cannot pay ${amount} ${currency}: the available balance is ` +
          `${balance(before, currency) ?? "0"} ${currency}` +
          (error.height > 0 ? ` (failed in block ${error.height}; fees count too)` : ""),
      );
    }
    return fail(error, url, sent.hash);
  }
  // The receipt carries no fee: it is what left the payer beyond the amount.
  const after = await getAccount(client, { id: key.accountId }).catch(() => undefined);
  const was = balance(before, currency);
  const now = after === undefined ? undefined : balance(after, currency);
  const fee = was === undefined || now === undefined ? undefined : subtract(was, now, amount);
  const result = {
    status: "committed",
    hash: receipt.hash,
    height: receipt.height,
    code: receipt.code,
    codeName: receipt.codeName,
    from: key.accountId,
    to: toId,
    amount,
    currency,
    ...(fee === undefined ? {} : { fee }),
    ...(now === undefined ? {} : { balance: now }),
    ...(options.reference === undefined ? {} : { reference: options.reference }),
    ...(options.payee === undefined ? {} : { payee: options.payee }),
    timestamp: receipt.timestamp,
    blockId: receipt.blockId,
  };
  const payee = options.payee === undefined ? nameOf(toId, accounts) : options.payee.name;
  output(options, result, () => [
    `paid ${amount} ${currency} from ${nameOf(key.accountId, accounts)} to ${payee}`,
    `  result   ${receipt.codeName} in block ${receipt.height} (${receipt.timestamp})`,
    `  fee      ${fee === undefined ? "unknown" : `${fee} ${currency}`}`,
    ...(now === undefined ? [] : [`  balance  ${now} ${currency}`]),
    `  tx       ${receipt.hash}`,
  ]);
}

export async function txShowCommand(hash: string, options: ClientCommandOptions): Promise<void> {
  const { client, url } = await session(options);
  const view = await getTransaction(client, { hash }).catch((error) => fail(error, url));
  output(options, view, () =>
    view.status === "pending"
      ? [`transaction ${view.hash}: pending (in the mempool of ${url})`]
      : [
          `transaction ${view.hash}`,
          `  result   ${view.codeName}${view.operationIndex === undefined ? "" : ` (operation ${view.operationIndex})`}`,
          `  block    ${view.height}, position ${view.index} (${view.timestamp})`,
          `  blockId  ${view.blockId}`,
          `  appHash  ${view.appHash}`,
        ],
  );
}

export async function blockShowCommand(
  height: string,
  options: ClientCommandOptions,
): Promise<void> {
  const { client, url } = await session(options);
  const at = height === "latest" ? "latest" : Number(height);
  if (at !== "latest" && (!Number.isInteger(at) || at < 1)) {
    throw new CliError(`block height must be a positive integer or "latest", got "${height}"`);
  }
  const view = await getBlock(client, { height: at }).catch((error) => fail(error, url));
  output(options, view, () => [
    `block ${view.header.height}  ${view.blockId}`,
    `  time     ${view.header.timestamp}  round ${view.header.round}`,
    `  appHash  ${view.result.appHash}`,
    `  ${view.transactions.length} transactions`,
    ...view.transactions.map((t) => `    ${t.hash}  ${t.codeName ?? "?"}`),
  ]);
}

/**
 * `tongbao travel-rule read HASH [--node NAME]`: the travel-rule data under HASH, decrypted by
 * that devnet node's institution and read with the node's operator token (DIR/NAME/node.json
 * names its file). Without --node, the devnet's first node.
 */
export async function travelRuleReadCommand(
  hash: string,
  options: ClientCommandOptions & { readonly node?: string },
): Promise<void> {
  if (!/^[0-9a-f]{64}$/.test(hash)) {
    throw new CliError(`HASH: expected the travel-rule hash as 64 lower-case hex digits`);
  }
  const dir = resolve(options.dir);
  const marker = await readDevnetMarker(dir);
  const apis = marker?.apis ?? {};
  const node = options.node ?? Object.keys(apis)[0];
  if (node === undefined) {
    throw new CliError(
      `no devnet node recorded in ${dir}: start the devnet with \`npm start\`, or name one with --node`,
    );
  }
  const config = await loadNodeConfig(join(dir, node, "node.json"));
  if (config.operatorTokenFile === undefined) {
    throw new CliError(
      `${config.path} names no operatorTokenFile: this node's operator cannot read travel-rule data`,
    );
  }
  const operatorToken = await loadOperatorToken(config.operatorTokenFile);
  const url = options.api ?? apis[node];
  if (url === undefined) {
    throw new CliError(
      `the devnet in ${dir} has recorded no API for ${node} (known: ${Object.keys(apis).join(", ") || "none"}); pass --api URL`,
    );
  }
  const client = createClient({ url, chainId: marker?.chainId ?? "unknown" });
  const view = await readTravelRule(client, { hash, operatorToken }).catch((error) =>
    fail(error, url),
  );
  output(options, view, () => [
    `travel-rule data ${view.hash}`,
    `  payment     ${view.paymentId}`,
    `  recipients  ${view.recipients.join(", ")}`,
    `  read by     ${node}`,
    JSON.stringify(view.data, null, 2),
  ]);
}
