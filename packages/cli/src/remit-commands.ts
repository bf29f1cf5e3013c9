/**
 * The remittance commands: `offer post|list|withdraw` (a liquidity provider's offers), `quote`
 * (what sending would cost and deliver), `remit` (send one currency, deliver another, with
 * travel-rule data), `sanction` (the regulator) and `iso20022` (a settled remittance as XML).
 *
 * Like the other client commands they talk to gateways only. A firm quote comes from the
 * payer's own institution's gateway — its desk holds the liquidity — so `quote --payer` and
 * `remit` pick that node's API from DIR/devnet.json unless --api names one.
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { InstitutionView, OfferView, QuoteView, RemittanceView } from "@tongbao/api";
import {
  createClient,
  getAccount,
  getCurrencies,
  getInstitutions,
  getIso20022,
  getOffers,
  getQuote,
  keySigner,
  postOffer,
  remit,
  remitSourceOf,
  sealTravelRule,
  setSanctioned,
  uploadTravelRule,
  withdrawOffer,
  type Client,
} from "@tongbao/client";
import {
  PAY_WAIT_MS,
  accountIdOf,
  fail,
  nameOf,
  output,
  payerKey,
  session,
  subtract,
  type ClientCommandOptions,
  type Session,
} from "./client-commands.ts";
import { readDevnetMarker } from "./devnet/devnet.ts";
import { CliError } from "./errors.ts";
import {
  OFFER_EXPIRES_IN_DEFAULT,
  OFFER_MAX_DEFAULT,
  OFFER_MIN_DEFAULT,
  amountArg,
  currencyArg,
  currencyPairArg,
  iso20022TypeArg,
  meetsWorstRate,
  offerExpiresInArg,
  offerIdArg,
  quoteAmountArg,
  rateArg,
  spreadBpsArg,
  txHashArg,
} from "./remit-args.ts";
import { sending } from "./sending.ts";
import { remitTravelRuleData } from "./travel-rule-profile.ts";

// ---- gateways ---------------------------------------------------------------------------------

/**
 * The API of a node of `institution`, from DIR/devnet.json and genesis.json (node name →
 * institution); `current` when --api was given or the institution runs no node with an API.
 */
async function gatewayOf(
  institution: string,
  current: Session,
  options: ClientCommandOptions,
): Promise<{ client: Client; url: string; own: boolean }> {
  if (options.api !== undefined) return { client: current.client, url: current.url, own: false };
  const dir = resolve(options.dir);
  const apis = (await readDevnetMarker(dir))?.apis ?? {};
  const genesis = await readFile(join(dir, "genesis.json"), "utf8").then(
    (text) =>
      JSON.parse(text) as {
        validators?: { name?: string; institution: string }[];
        observers?: { name?: string; institution: string }[];
      },
    () => undefined,
  );
  const nodes = [...(genesis?.validators ?? []), ...(genesis?.observers ?? [])];
  const node = nodes.find((n) => n.institution === institution && apis[n.name ?? n.institution]);
  const url = node === undefined ? undefined : apis[node.name ?? node.institution];
  if (url === undefined) return { client: current.client, url: current.url, own: false };
  return { client: createClient({ url, chainId: current.client.chainId }), url, own: true };
}

async function institutionOfAccount(current: Session, id: string): Promise<string> {
  const view = await getAccount(current.client, { id }).catch((error) => fail(error, current.url));
  return view.institution;
}

// ---- offers -----------------------------------------------------------------------------------

export interface OfferPostOptions extends ClientCommandOptions {
  readonly provider: string;
  readonly buy: string;
  readonly sell: string;
  readonly rate: string;
  readonly min?: string;
  readonly max?: string;
  readonly spreadBps?: string;
  readonly expiresIn?: string;
  readonly id?: string;
}

export async function offerPostCommand(options: OfferPostOptions): Promise<void> {
  const { from: buy, to: sell } = currencyPairArg(options.buy, options.sell);
  const rate = rateArg(options.rate, "--rate");
  const minBuy = amountArg(options.min ?? OFFER_MIN_DEFAULT, "--min");
  const maxBuy = amountArg(options.max ?? OFFER_MAX_DEFAULT, "--max");
  const spreadBps = spreadBpsArg(options.spreadBps ?? "0");
  const expiresInMs = offerExpiresInArg(options.expiresIn ?? OFFER_EXPIRES_IN_DEFAULT);
  const offerId = options.id === undefined ? undefined : offerIdArg(options.id);
  const current = await session(options);
  const key = await payerKey(options.provider, resolve(options.dir), current.accounts);
  const sent = sending();
  const receipt = await postOffer(current.client, {
    signer: keySigner(key.privateKey),
    buy,
    sell,
    rate,
    minBuy,
    maxBuy,
    spreadBps,
    expiresInMs,
    timeoutMs: PAY_WAIT_MS,
    onSigned: sent.onSigned,
    ...(offerId === undefined ? {} : { offerId }),
  }).catch((error) => fail(error, current.url, sent.hash));
  const result = {
    offerId: receipt.offerId,
    provider: key.accountId,
    buy,
    sell,
    rate,
    minBuy,
    maxBuy,
    spreadBps,
    hash: receipt.hash,
    height: receipt.height,
  };
  output(options, result, () => [
    `offer ${receipt.offerId} ${offerId === undefined ? "posted" : "posted (replacing any with this id)"} by ${nameOf(key.accountId, current.accounts)}`,
    `  ${buy}→${sell} at ${rate} ${sell} per ${buy}, ${minBuy}–${maxBuy} ${buy} per payment, spread ${spreadBps} bps`,
    `  block    ${receipt.height} (${receipt.timestamp})`,
    `  tx       ${receipt.hash}`,
  ]);
}

function offerLine(offer: OfferView): string {
  return [
    `${offer.buy}→${offer.sell}`.padEnd(9),
    offer.rate.display.padStart(10),
    `${offer.minBuy.amount}–${offer.maxBuy.amount} ${offer.buy}`.padEnd(24),
    `${offer.spreadBps} bps`.padStart(9),
    `${offer.liquidity.amount} ${offer.liquidity.currency}`.padStart(22),
    `  ${offer.provider.institution}  ${offer.id}  until ${offer.expiresAt}`,
  ].join(" ");
}

export async function offerListCommand(
  options: ClientCommandOptions & { readonly buy?: string; readonly sell?: string },
): Promise<void> {
  const buy = options.buy === undefined ? undefined : currencyArg(options.buy, "--buy");
  const sell = options.sell === undefined ? undefined : currencyArg(options.sell, "--sell");
  const current = await session(options);
  const view = await getOffers(current.client, { buy, sell }).catch((error) =>
    fail(error, current.url),
  );
  output(options, view, () =>
    view.offers.length === 0
      ? [`no live offers${buy === undefined && sell === undefined ? "" : " for that pair"}`]
      : [
          `${"pair".padEnd(9)} ${"rate".padStart(10)} ${"per payment".padEnd(24)} ${"spread".padStart(9)} ${"liquidity".padStart(22)}   provider, offer id, expiry`,
          ...view.offers.map(offerLine),
        ],
  );
}

export async function offerWithdrawCommand(
  id: string,
  options: ClientCommandOptions & { readonly provider?: string },
): Promise<void> {
  const offerId = offerIdArg(id);
  const current = await session(options);
  let provider = options.provider;
  if (provider === undefined) {
    // The id alone does not say whose it is: the live offers do.
    const { offers } = await getOffers(current.client).catch((error) => fail(error, current.url));
    const mine = offers.filter((o) => o.id === offerId);
    if (mine.length !== 1) {
      throw new CliError(
        mine.length === 0
          ? `no live offer ${offerId}; \`tongbao offer list\` shows them (an expired offer is gone already)`
          : `${mine.length} providers have an offer ${offerId}: say whose with --provider NAME`,
      );
    }
    provider = current.accounts.find((a) => a.accountId === mine[0]!.provider.account)?.name;
    if (provider === undefined) {
      throw new CliError(
        `offer ${offerId} is ${mine[0]!.provider.institution}'s, whose key is not in ${options.dir}: give --provider KEYFILE`,
      );
    }
  }
  const key = await payerKey(provider, resolve(options.dir), current.accounts);
  const sent = sending();
  const receipt = await withdrawOffer(current.client, {
    signer: keySigner(key.privateKey),
    offerId,
    timeoutMs: PAY_WAIT_MS,
    onSigned: sent.onSigned,
  }).catch((error) => fail(error, current.url, sent.hash));
  output(options, { offerId, provider: key.accountId, hash: receipt.hash }, () => [
    `offer ${offerId} of ${nameOf(key.accountId, current.accounts)} withdrawn in block ${receipt.height}`,
    `  tx       ${receipt.hash}`,
  ]);
}

// ---- quotes -----------------------------------------------------------------------------------

function percent(bps: number): string {
  return `${(bps / 100).toFixed(2)} %`;
}

function quoteLines(quote: QuoteView, note?: string): string[] {
  const expires =
    quote.expiresAt === undefined
      ? []
      : [
          // By the gateway's count when it answered: this machine's clock may be off.
          `  expires      ${quote.expiresAt} (in ${Math.max(0, Math.round((quote.expiresInMs ?? Date.parse(quote.expiresAt) - Date.now()) / 1000))} s)`,
        ];
  return [
    quote.firm
      ? `firm quote ${quote.id}`
      : `indicative quote (nothing held; the rate may change)${note === undefined ? "" : `: ${note}`}`,
    `  send         ${quote.send.amount} ${quote.from}`,
    `  rate         ${quote.rate.display} ${quote.to} per ${quote.from}  (${quote.provider.name}, ${quote.provider.institution})`,
    `  fee          ${quote.fees.senderInstitution.amount} ${quote.from}  (the sender's institution)`,
    `  spread       ${percent(quote.provider.spreadBps)} declared, ${quote.fees.providerSpread.amount} ${quote.to} inside the rate`,
    `  they receive ${quote.receive.amount} ${quote.to}`,
    `  total debit  ${quote.totalDebit.amount} ${quote.from}`,
    ...expires,
  ];
}

/**
 * Refuses a pair naming a currency the chain does not have, listing the ones it has: asked of
 * the gateway before anything is sealed, uploaded or held.
 */
async function requireChainCurrencies(
  client: Client,
  url: string,
  pair: { readonly from: string; readonly to: string },
): Promise<void> {
  const currencies = await getCurrencies(client).catch((error) => fail(error, url));
  const codes = currencies.map((c) => c.code);
  const unknown = [pair.from, pair.to].filter((code) => !codes.includes(code));
  if (unknown.length > 0) {
    throw new CliError(
      `${unknown.join(" and ")} ${unknown.length === 1 ? "is not a currency" : "are not currencies"} of this chain; it has ${[...codes].sort().join(", ")}`,
    );
  }
}

export async function quoteCommand(
  fromCcy: string,
  toCcy: string,
  options: ClientCommandOptions & {
    readonly send?: string;
    readonly receive?: string;
    readonly payer?: string;
  },
): Promise<void> {
  const { from, to } = currencyPairArg(fromCcy, toCcy);
  const amount = quoteAmountArg(options);
  const current = await session(options);
  let gateway = { client: current.client, url: current.url, own: false };
  let payer: string | undefined;
  if (options.payer !== undefined) {
    payer = accountIdOf(options.payer, current.accounts);
    gateway = await gatewayOf(await institutionOfAccount(current, payer), current, options);
  }
  await requireChainCurrencies(gateway.client, gateway.url, { from, to });
  const quote = await getQuote(gateway.client, {
    from,
    to,
    ...amount,
    ...(payer === undefined ? {} : { payer }),
  } as Parameters<typeof getQuote>[1]).catch((error) => fail(error, gateway.url));
  const note =
    payer === undefined
      ? "add --payer NAME for a firm one"
      : `${gateway.url} holds no quotes (its node runs no institution desk)`;
  output(options, quote, () => quoteLines(quote, note));
}

// ---- remit ------------------------------------------------------------------------------------

export interface RemitOptions extends ClientCommandOptions {
  readonly toCurrency?: string;
  readonly worstRate?: string;
  /** false with --no-quote: straight from the best offer, no firm quote held. */
  readonly quote: boolean;
  readonly senderName?: string;
  readonly recipientName?: string;
}

function regulatorsOf(institutions: readonly InstitutionView[]): string[] {
  return institutions.filter((i) => i.roles.includes("regulator")).map((i) => i.id);
}

function legLines(r: RemittanceView, names: (id: string) => string): string[] {
  const paid = subtract(r.sent.amount, r.residual.amount, "0") ?? "?";
  return [
    `  leg ${r.sent.currency}  ${names(r.sender)} −${r.sent.amount} (fee ${r.fee.amount}) → ${names(r.provider)} +${paid}` +
      (r.residual.amount.replace(/[0.]/g, "") === ""
        ? ""
        : `, rounding ${r.residual.amount} → ${names(r.residualTo)}`),
    `  leg ${r.received.currency}  ${names(r.provider)} −${r.received.amount} → ${names(r.recipient)} +${r.received.amount}`,
    `  rate    ${r.rate.display} ${r.received.currency} per ${r.sent.currency}, spread ${percent(r.spreadBps)}`,
  ];
}

/** The options that name the people the travel-rule problems are about. */
function nameOptionsOf(problems: readonly string[]): string {
  const options = new Set<string>();
  for (const problem of problems) {
    if (problem.startsWith("originator")) options.add("--sender-name");
    if (problem.startsWith("beneficiary")) options.add("--recipient-name");
  }
  return options.size === 0 ? "--sender-name / --recipient-name" : [...options].join(" and ");
}

export async function remitCommand(
  from: string,
  to: string,
  amountText: string,
  currency: string,
  options: RemitOptions,
): Promise<void> {
  if (options.toCurrency === undefined) {
    throw new CliError(
      `say what the recipient receives: --to-currency CCY, e.g. tongbao remit ${from} ${to} ${amountText} ${currency} --to-currency PHP`,
    );
  }
  const pair = currencyPairArg(currency, options.toCurrency);
  const amount = amountArg(amountText, "AMOUNT");
  const worstRate =
    options.worstRate === undefined ? undefined : rateArg(options.worstRate, "--worst-rate", true);
  const dir = resolve(options.dir);
  const current = await session(options);
  const key = await payerKey(from, dir, current.accounts);
  const toId = accountIdOf(to, current.accounts);
  const sender = key.accountId;
  if (toId === sender) throw new CliError("the sender and the recipient are the same account");
  const senderInstitution = await institutionOfAccount(current, sender);
  const recipientInstitution = await institutionOfAccount(current, toId);
  const gateway = await gatewayOf(senderInstitution, current, options);
  const { client, url } = gateway;
  const names = (id: string) => current.accounts.find((a) => a.accountId === id)?.name ?? id;
  await requireChainCurrencies(client, url, pair);

  // 1. Travel-rule data, checked and sealed to both institutions and every regulator. Before
  // the quote: a firm quote commits a hold in the ledger, and bad input must change nothing.
  const built = remitTravelRuleData(
    {
      account: sender,
      institution: senderInstitution,
      ...(current.accounts.some((a) => a.accountId === sender)
        ? { devnetName: names(sender) }
        : {}),
      ...(options.senderName === undefined ? {} : { name: options.senderName }),
    },
    {
      account: toId,
      institution: recipientInstitution,
      ...(current.accounts.some((a) => a.accountId === toId) ? { devnetName: names(toId) } : {}),
      ...(options.recipientName === undefined ? {} : { name: options.recipientName }),
    },
  );
  if (!built.ok) {
    throw new CliError(
      "missing" in built
        ? `the travel rule needs the ${built.missing}'s name, and ${built.missing === "sender" ? from : to} is no devnet account: give --${built.missing}-name "FULL NAME"`
        : `the travel-rule data is not valid (${built.problems.join("; ")}): fix ${nameOptionsOf(built.problems)}; nothing was held or sent`,
    );
  }
  const institutions = await getInstitutions(client).catch((error) => fail(error, url));
  const sealedTo = [
    ...new Set([senderInstitution, recipientInstitution, ...regulatorsOf(institutions)]),
  ];
  const id = randomBytes(16).toString("hex");
  const sealed = await sealTravelRule(client, {
    data: built.data,
    institutions: sealedTo,
    paymentId: `${sender}:${id}`,
  }).catch((error) => fail(error, url));

  // 2. The quote: firm at the sender's institution's gateway (its desk holds the liquidity).
  const quote = await getQuote(client, {
    from: pair.from,
    to: pair.to,
    sendAmount: amount,
    ...(options.quote ? { payer: sender } : {}),
  }).catch((error) => fail(error, url));
  if (!options.json) {
    const note = options.quote
      ? `${url} holds no quotes (no desk of ${senderInstitution} there); sending to its offer at this rate or better`
      : "--no-quote: sending to the offer at this rate or better";
    process.stdout.write(quoteLines(quote, note).join("\n") + "\n");
  }
  if (
    worstRate !== undefined &&
    !meetsWorstRate(quote.send.amount, quote.receive.amount, worstRate)
  ) {
    throw new CliError(
      `the best rate is ${quote.rate.display} ${pair.to} per ${pair.from}, worse than --worst-rate ${worstRate}: nothing was sent` +
        (quote.firm ? ` (the held quote lapses at ${quote.expiresAt})` : ""),
    );
  }

  // 3. The sealed data stored at the gateway, then the remit: from the firm quote, or from the
  // offer the quote priced.
  await uploadTravelRule(client, sealed).catch((error) => fail(error, url));
  const source = remitSourceOf(quote);
  const sent = sending();
  const receipt = await remit(client, {
    ...source,
    to: toId,
    signer: keySigner(key.privateKey),
    travelRuleHash: sealed.hash,
    id,
    timeoutMs: PAY_WAIT_MS,
    onSigned: sent.onSigned,
    ...(worstRate === undefined ? {} : { worstRate }),
  }).catch((error) => fail(error, url, sent.hash));
  const settled = receipt.remittances?.[0];
  const result = {
    status: "committed",
    hash: receipt.hash,
    height: receipt.height,
    timestamp: receipt.timestamp,
    quote,
    travelRule: { hash: sealed.hash, sealedTo },
    ...(settled === undefined ? {} : { remittance: settled }),
  };
  output(options, result, () => [
    `sent ${quote.send.amount} ${pair.from} from ${nameOf(sender, current.accounts)}; ${nameOf(toId, current.accounts)} received ${settled?.received.amount ?? quote.receive.amount} ${pair.to}`,
    ...(settled === undefined ? [] : legLines(settled, names)),
    `  travel rule ${sealed.hash} (sealed to ${sealedTo.join(", ")})`,
    `  block   ${receipt.height} (${receipt.timestamp})`,
    `  tx      ${receipt.hash}`,
  ]);
}

// ---- the regulator ------------------------------------------------------------------------------

export async function sanctionCommand(
  account: string,
  options: ClientCommandOptions & { readonly lift: boolean; readonly regulator?: string },
): Promise<void> {
  const current = await session(options);
  const id = accountIdOf(account, current.accounts);
  let regulator = options.regulator;
  if (regulator === undefined) {
    const institutions = await getInstitutions(current.client).catch((error) =>
      fail(error, current.url),
    );
    const ids = regulatorsOf(institutions);
    regulator = ids.find((r) => current.accounts.some((a) => a.name === r));
    if (regulator === undefined) {
      throw new CliError(
        ids.length === 0
          ? "the chain has no regulator institution: only a regulator sanctions accounts"
          : `the regulator's key (${ids.join(", ")}) is not in ${options.dir}: give --regulator KEYFILE`,
      );
    }
  }
  const key = await payerKey(regulator, resolve(options.dir), current.accounts);
  const sanctioned = !options.lift;
  const sent = sending();
  const receipt = await setSanctioned(current.client, {
    signer: keySigner(key.privateKey),
    account: id,
    sanctioned,
    timeoutMs: PAY_WAIT_MS,
    onSigned: sent.onSigned,
  }).catch((error) => fail(error, current.url, sent.hash));
  output(
    options,
    { account: id, sanctioned, by: key.accountId, hash: receipt.hash, height: receipt.height },
    () => [
      sanctioned
        ? `${nameOf(id, current.accounts)} is sanctioned: it can neither send nor receive`
        : `the sanction on ${nameOf(id, current.accounts)} is lifted`,
      `  by       ${nameOf(key.accountId, current.accounts)}, block ${receipt.height}`,
      `  tx       ${receipt.hash}`,
    ],
  );
}

// ---- ISO 20022 ----------------------------------------------------------------------------------

export async function iso20022Command(
  hash: string,
  options: ClientCommandOptions & { readonly type?: string; readonly out?: string },
): Promise<void> {
  const txHash = txHashArg(hash);
  const type = iso20022TypeArg(options.type);
  const current = await session(options);
  const xml = await getIso20022(current.client, { hash: txHash, type }).catch((error) =>
    fail(error, current.url),
  );
  if (options.out === undefined) {
    process.stdout.write(xml.endsWith("\n") ? xml : xml + "\n");
    return;
  }
  await writeOut(options.out, xml);
  const uetr = /<UETR>([^<]+)<\/UETR>/.exec(xml)?.[1];
  output(options, { type, hash: txHash, out: options.out, ...(uetr ? { uetr } : {}) }, () => [
    `wrote the ${type} of ${txHash} to ${options.out}${uetr === undefined ? "" : ` (UETR ${uetr})`}`,
  ]);
}

/** Writes the document where --out says, or says what to change about the path. */
async function writeOut(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? `the directory ${dirname(resolve(path))} does not exist`
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : code === "EISDIR"
            ? "it is a directory"
            : (error as Error).message;
    throw new CliError(
      `cannot write --out ${path}: ${why}; give a file path in an existing directory you may write to, or leave out --out to print the XML`,
    );
  }
}
