/**
 * `tongbao devnet`: a consortium on one machine. Creates (or resumes) a network directory with
 * keys, genesis and demo accounts, starts one `tongbao node start` child process per validator
 * and one for the regulator's observer node (it follows the chain and serves the API, without
 * voting), waits until they commit blocks, reports, and stops every child on Ctrl-C or SIGTERM.
 *
 * The pieces (prepareDevnet, Devnet, NodeProcess) are what the multi-process tests and the load
 * benchmark use too, so they exercise the same processes a developer runs.
 */
import { access, readFile, writeFile } from "node:fs/promises";
import { KeyType, generateKeyPair } from "@tongbao/crypto";
import { bytesToHex } from "@tongbao/std";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import type { KeyPair } from "@tongbao/crypto";
import {
  loadGenesisFile,
  parseGenesis,
  saveMerchantRegister,
  type NetworkGenesis,
} from "@tongbao/node";
import { CliError } from "../errors.ts";
import { sharedVerifierThreads } from "../verifier-threads.ts";
import {
  loadAccounts,
  requireEmptyDir,
  writeNetwork,
  writeNodeDir,
  type AccountEntry,
  type NodeSettings,
  type WriteNetworkOptions,
  type WrittenNode,
} from "../network.ts";
import {
  DEMO_DESK_FUNDS,
  DEMO_MERCHANTS,
  DEVNET_NODE_SETTINGS,
  DEVNET_REGULATOR,
  demoNetworkConfig,
} from "./demo.ts";
import { NodeProcess, type NodeLine } from "./node-process.ts";
import {
  DEVNET_OFFERS,
  DEVNET_PROVIDER,
  describeOfferPostings,
  firstLine,
  postDevnetOffers,
  type OfferPosting,
} from "./offers.ts";
import { ensureWalletBuilt } from "@tongbao/wallet/build";
import { outputMode, reportReplay } from "./replay-progress.ts";

const MARKER = "devnet.json";
export { BASE_PORT_DEFAULT, VALIDATORS_DEFAULT, DEVNET_VALIDATORS_MAX } from "./defaults.ts";
import { BASE_PORT_DEFAULT, VALIDATORS_DEFAULT, DEVNET_VALIDATORS_MAX } from "./defaults.ts";
/** How long the network has to commit its first blocks before `devnet` gives up. */
export const READY_TIMEOUT_MS = 60_000;

export interface PrepareDevnetOptions {
  readonly dir: string;
  readonly validators: number;
  /** Validators listen on basePort + 1 … basePort + N (ignored when `ports` is given). */
  readonly basePort?: number;
  readonly ports?: readonly number[];
  readonly node?: NodeSettings;
  readonly extraAccounts?: WriteNetworkOptions["extraAccounts"];
  /**
   * Run the regulator's observer node (default true). A devnet created without one gets it
   * when resumed with this set.
   */
  readonly observer?: boolean;
  /**
   * The observer's p2p port. Default: basePort itself (the validators take basePort + 1 …), or
   * one below the lowest validator port on resume, or a free one when `ports` is given.
   */
  readonly observerPort?: number;
}

export interface PreparedDevnet {
  readonly dir: string;
  readonly resumed: boolean;
  readonly genesis: NetworkGenesis;
  /** Validators first, then the observer (when it has one). */
  readonly nodes: readonly WrittenNode[];
  readonly accounts: readonly AccountEntry[];
  /** Keys of `extraAccounts` (kept in memory only). */
  readonly extraKeys: readonly KeyPair[];
}

/** True when nothing listens on host:port (we could bind it). */
export function portFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    server.listen(port, host, () => server.close(() => done(true)));
  });
}

/** `count` ports the OS says are free now. */
export async function freePorts(count: number, host = "127.0.0.1"): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((done, fail) => {
          const server = createServer();
          server.once("error", fail);
          server.listen(0, host, () => done(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  return ports;
}

async function requireFreePorts(genesis: NetworkGenesis): Promise<void> {
  const nodes = [
    ...genesis.validators.map((v) => ({ ...v, role: "validator" })),
    ...genesis.observers.map((o) => ({ ...o, role: "observer" })),
  ];
  for (const v of nodes) {
    if (!(await portFree(v.address.port, v.address.host))) {
      throw new CliError(
        `port ${v.address.port} (${v.role} ${v.name}) is in use — is another devnet running? ` +
          "Stop it, or start this one with --base-port and a fresh --dir",
      );
    }
  }
}

/** The node directories of a devnet's genesis: validators, then observers. */
function nodesOf(dir: string, genesis: NetworkGenesis): WrittenNode[] {
  return [
    ...genesis.validators.map((v) => ({ name: v.name, role: "validator" as const })),
    ...genesis.observers.map((o) => ({ name: o.name, role: "observer" as const })),
  ].map((n) => ({ ...n, configPath: join(dir, n.name, "node.json") }));
}

/**
 * Gives a devnet created before observers existed the regulator's observer node: a node key,
 * its entry in genesis.json (observers are outside the genesis hash, so the chain and the
 * validators' data stay as they are) and its node directory.
 */
async function addRegulatorObserver(
  dir: string,
  genesis: NetworkGenesis,
  port: number,
  settings: NodeSettings,
): Promise<NetworkGenesis> {
  const [first] = genesis.validators;
  const host = first?.address.host ?? "127.0.0.1";
  if (!(await portFree(port, host))) {
    throw new CliError(
      `port ${port} (for the regulator's observer node) is in use — stop what uses it, or ` +
        "start this devnet with --base-port so that the port below the validators' is free",
    );
  }
  const nodeKey = generateKeyPair(KeyType.Ed25519);
  const document = {
    ...genesis.document,
    observers: [
      {
        name: DEVNET_REGULATOR,
        institution: DEVNET_REGULATOR,
        nodePublicKey: bytesToHex(nodeKey.publicKey),
        address: `${host}:${port}`,
      },
    ],
  };
  const updated = parseGenesis(document);
  await writeNodeDir(dir, DEVNET_REGULATOR, "observer", nodeKey, settings);
  await writeFile(join(dir, "genesis.json"), JSON.stringify(document, null, 2) + "\n");
  return updated;
}

/** Creates the devnet directory, or resumes the one already there. */
export async function prepareDevnet(options: PrepareDevnetOptions): Promise<PreparedDevnet> {
  const dir = resolve(options.dir);
  if (
    !Number.isInteger(options.validators) ||
    options.validators < 1 ||
    options.validators > DEVNET_VALIDATORS_MAX
  ) {
    throw new CliError(
      `--validators must be 1–${DEVNET_VALIDATORS_MAX}, got ${options.validators}`,
    );
  }
  const marker = await readFile(join(dir, MARKER), "utf8").then(
    (text) => JSON.parse(text) as { validators: number },
    () => undefined,
  );
  if (marker !== undefined) {
    if (marker.validators !== options.validators) {
      throw new CliError(
        `${dir} holds a devnet of ${marker.validators} validators, not ${options.validators}: ` +
          `run with --validators ${marker.validators}, or pass --reset to delete it and start afresh`,
      );
    }
    let genesis = await loadGenesisFile(join(dir, "genesis.json"));
    await requireFreePorts(genesis);
    const canObserve = genesis.ledgerConfig.institutions.some((i) => i.id === DEVNET_REGULATOR);
    if (options.observer !== false && genesis.observers.length === 0 && canObserve) {
      const lowest = Math.min(...genesis.validators.map((v) => v.address.port));
      const node = options.node ?? DEVNET_NODE_SETTINGS;
      genesis = await addRegulatorObserver(dir, genesis, options.observerPort ?? lowest - 1, {
        ...node,
        // Its share of the cores, beside the validators (demoNetworkConfig does the same).
        verifierThreads:
          node.verifierThreads ?? sharedVerifierThreads(genesis.validators.length + 1),
      });
    }
    const resumed: PreparedDevnet = {
      dir,
      resumed: true,
      genesis,
      nodes: nodesOf(dir, genesis),
      accounts: await loadAccounts(dir),
      extraKeys: [],
    };
    // A devnet made before merchant registers existed gets its demo merchants now.
    await writeDemoMerchants(resumed);
    return resumed;
  }
  await requireEmptyDir(dir).catch(() => {
    throw new CliError(
      `${dir} is not empty and holds no devnet: choose another --dir, or empty that directory`,
    );
  });
  const basePort = options.basePort ?? BASE_PORT_DEFAULT;
  const ports =
    options.ports ?? Array.from({ length: options.validators }, (_, i) => basePort + 1 + i);
  const observerPort =
    options.observer === false
      ? undefined
      : (options.observerPort ??
        (options.ports === undefined ? basePort : (await freePorts(1))[0]!));
  for (const port of observerPort === undefined ? ports : [...ports, observerPort]) {
    if (!(await portFree(port))) {
      throw new CliError(
        `port ${port} is in use — is another devnet running? Stop it, or pass --base-port`,
      );
    }
  }
  const written = await writeNetwork(
    demoNetworkConfig({
      validators: options.validators,
      ports,
      ...(options.node === undefined ? {} : { node: options.node }),
      ...(observerPort === undefined ? {} : { observerPort }),
    }),
    dir,
    options.extraAccounts === undefined ? {} : { extraAccounts: options.extraAccounts },
  );
  await writeFile(
    join(dir, MARKER),
    JSON.stringify(
      { validators: options.validators, createdAt: new Date().toISOString() },
      null,
      2,
    ) + "\n",
  );
  const prepared: PreparedDevnet = { ...written, dir, resumed: false };
  await writeDemoMerchants(prepared);
  return prepared;
}

/** Each validator's merchant register, kept by its institution's desk. */
export function merchantsFileOf(prepared: PreparedDevnet, validator: string): string {
  return join(prepared.dir, validator, "merchants.json");
}

/**
 * Writes each validator's merchant register with the demo merchants of its institution, unless
 * the file exists (it then holds what merchants registered since).
 */
async function writeDemoMerchants(prepared: PreparedDevnet): Promise<void> {
  for (const validator of prepared.genesis.validators) {
    const file = merchantsFileOf(prepared, validator.name);
    const exists = await access(file).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    const merchants = prepared.accounts
      .filter((a) => a.institution === validator.institution && DEMO_MERCHANTS[a.name])
      .map((a) => ({ account: a.accountId, ...DEMO_MERCHANTS[a.name]! }));
    await saveMerchantRegister(file, merchants);
  }
}

/** What `tongbao status`, `pay`, … read to find a running devnet: DIR/devnet.json. */
export interface DevnetMarker {
  readonly validators: number;
  readonly createdAt?: string;
  readonly chainId?: string;
  /** The API URL of each validator of the last run (ports are picked afresh each run). */
  readonly apis?: Record<string, string>;
  readonly api?: string;
  /** The web wallet of the first validator, when the devnet serves one. */
  readonly wallet?: string;
}

export async function readDevnetMarker(dir: string): Promise<DevnetMarker | undefined> {
  return readFile(join(resolve(dir), MARKER), "utf8").then(
    (text) => JSON.parse(text) as DevnetMarker,
    () => undefined,
  );
}

/** Records each node's API (and the wallet) in DIR/devnet.json, where the client commands look. */
export async function recordApis(
  dir: string,
  chainId: string,
  apis: Record<string, string>,
  wallet: string | undefined,
): Promise<void> {
  const { wallet: _previous, ...marker } = (await readDevnetMarker(dir)) ?? {
    validators: Object.keys(apis).length,
  };
  const api = Object.values(apis)[0];
  await writeFile(
    join(dir, MARKER),
    JSON.stringify(
      {
        ...marker,
        chainId,
        apis,
        ...(api === undefined ? {} : { api }),
        ...(wallet === undefined ? {} : { wallet }),
      },
      null,
      2,
    ) + "\n",
  );
}

/**
 * The institution desk of each node (the regulator's observer too): its institution's key
 * file, demo funds, merchants.
 */
function deskOf(
  prepared: PreparedDevnet,
  node: string,
): { institutionKey: string; demoFunds?: string; merchants: string } | undefined {
  const { validators, observers } = prepared.genesis;
  const institution = [...validators, ...observers].find((v) => v.name === node)?.institution;
  const entry = prepared.accounts.find((a) => a.name === institution);
  if (institution === undefined || entry === undefined) return undefined;
  const funds = DEMO_DESK_FUNDS[institution];
  return {
    institutionKey: join(prepared.dir, entry.keyFile),
    ...(funds === undefined ? {} : { demoFunds: `${funds.amount} ${funds.currency}` }),
    merchants: merchantsFileOf(prepared, node),
  };
}

/**
 * Posts fx-bank's offers through its own gateway (any other serves too). A failure leaves the
 * devnet running, without that pair's remittances until the next start: it is reported, not
 * thrown. `posted` names the offers known to stand.
 */
async function postOffersOrSay(
  prepared: PreparedDevnet,
  apis: Record<string, string>,
): Promise<{ ok: boolean; text: string; posted: string[] }> {
  const api = apis[DEVNET_PROVIDER] ?? Object.values(apis)[0];
  if (api === undefined) {
    return { ok: false, text: "no API to post the FX offers through", posted: [] };
  }
  let postings: OfferPosting[];
  try {
    postings = await postDevnetOffers({
      dir: prepared.dir,
      accounts: prepared.accounts,
      api,
      chainId: prepared.genesis.chainId,
    });
  } catch (error) {
    postings = DEVNET_OFFERS.map((offer) => ({
      offer,
      ok: false,
      reason: firstLine(error),
      mayStillCommit: false,
    }));
  }
  return describeOfferPostings(postings);
}

/** The validator processes of one devnet. */
export class Devnet {
  readonly nodes: NodeProcess[];

  constructor(
    readonly prepared: PreparedDevnet,
    options: {
      readonly statusMs?: number;
      /** Give every validator a public API on a free port of 127.0.0.1. */
      readonly api?: boolean;
      /** With the API: each validator runs its institution's desk (the devnet's demo funds). */
      readonly desks?: boolean;
      /** With the API: each validator serves this wallet build at /wallet/. */
      readonly wallet?: string;
    } = {},
  ) {
    this.nodes = prepared.nodes.map((n) => {
      const desk =
        options.api === true && options.desks === true ? deskOf(prepared, n.name) : undefined;
      return new NodeProcess(n.name, n.configPath, {
        statusMs: options.statusMs ?? 500,
        ...(options.api === true ? { api: "127.0.0.1:0" } : {}),
        ...(desk ?? {}),
        ...(options.api === true && options.wallet !== undefined ? { wallet: options.wallet } : {}),
      });
    });
  }

  /** Each validator's wallet URL (those serving one). */
  walletUrls(): Record<string, string> {
    return Object.fromEntries(
      this.nodes.filter((n) => n.walletUrl !== undefined).map((n) => [n.name, n.walletUrl!]),
    );
  }

  /** Each validator's API URL (those started with one). */
  apiUrls(): Record<string, string> {
    return Object.fromEntries(
      this.nodes.filter((n) => n.apiUrl !== undefined).map((n) => [n.name, n.apiUrl!]),
    );
  }

  node(name: string): NodeProcess {
    const node = this.nodes.find((n) => n.name === name);
    if (node === undefined) throw new Error(`no validator ${name}`);
    return node;
  }

  /** Starts every validator; if one fails, stops the others and rethrows. */
  async startAll(): Promise<NodeLine[]> {
    const results = await Promise.allSettled(this.nodes.map((n) => n.start()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed !== undefined) {
      await this.stopAll();
      throw failed.reason;
    }
    return results.map((r) => (r as PromiseFulfilledResult<NodeLine>).value);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
  }

  /** The committed height each node last reported (running ones only, unless `all`). */
  heights(all = false): Map<string, number> {
    return new Map(
      this.nodes
        .filter((n) => (all || n.running) && n.last !== undefined)
        .map((n) => [n.name, Number(n.last!["height"])]),
    );
  }

  /** Resolves once every node in `names` (default all) reports a height ≥ `height`. */
  waitForHeight(height: number, timeoutMs: number, names?: readonly string[]): Promise<void> {
    const nodes = names === undefined ? this.nodes : names.map((n) => this.node(n));
    const done = () =>
      nodes.every((n) => n.last !== undefined && Number(n.last["height"]) >= height);
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const offs = nodes.map((n) =>
        n.onLine(() => {
          if (!done()) return;
          finish();
          resolve();
        }),
      );
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`the devnet did not reach height ${height} within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        for (const off of offs) off();
      };
    });
  }
}

export interface RunDevnetOptions extends PrepareDevnetOptions {
  readonly json: boolean;
  readonly reset: boolean;
  /** Build (when stale) and serve the web wallet, with an institution desk per validator. */
  readonly wallet: boolean;
}

/** The `tongbao devnet` command: runs until SIGINT/SIGTERM. */
export async function runDevnet(options: RunDevnetOptions): Promise<void> {
  const emit = (line: object) => process.stdout.write(JSON.stringify(line) + "\n");
  const say = (text: string) => {
    if (!options.json) process.stdout.write(text + "\n");
  };
  if (options.reset) {
    const { rm } = await import("node:fs/promises");
    const dir = resolve(options.dir);
    const isDevnet = await readFile(join(dir, MARKER)).then(
      () => true,
      () => false,
    );
    if (isDevnet) await rm(dir, { recursive: true, force: true });
  }
  const prepared = await prepareDevnet(options);
  const { genesis } = prepared;
  if (options.json) {
    emit({
      event: prepared.resumed ? "resumed" : "created",
      dir: prepared.dir,
      chainId: genesis.chainId,
      validators: genesis.validators.map((v) => ({
        name: v.name,
        p2p: `${v.address.host}:${v.address.port}`,
      })),
      observers: genesis.observers.map((o) => ({
        name: o.name,
        institution: o.institution,
        p2p: `${o.address.host}:${o.address.port}`,
      })),
      accounts: prepared.accounts,
    });
  } else {
    const observers = genesis.observers.map((o) => `${o.name}'s observer`).join(", ");
    say(
      `Tongbao devnet: ${genesis.validators.length} validators` +
        `${observers === "" ? "" : ` and the ${observers}`}, chain ${genesis.chainId}, ` +
        `${prepared.resumed ? "resumed from" : "created in"} ${prepared.dir}`,
    );
  }
  let walletDir: string | undefined;
  if (options.wallet) {
    try {
      const { outDir, built } = await ensureWalletBuilt({
        onProgress: (line) => (options.json ? emit({ event: "wallet-building" }) : say(line)),
      });
      walletDir = outDir;
      if (built !== undefined) {
        const ms = Math.round(built.durationMs);
        if (options.json) emit({ event: "wallet-built", dir: outDir, ms });
        else say(`  built in ${(ms / 1000).toFixed(1)} s`);
      }
    } catch (error) {
      throw new CliError(
        `the web wallet could not be built: ${(error as Error).message}\n` +
          "Run `npm run build -w @tongbao/wallet` to see why, or start with --no-wallet",
      );
    }
  }
  const devnet = new Devnet(prepared, {
    statusMs: 500,
    api: true,
    desks: options.wallet,
    ...(walletDir === undefined ? {} : { wallet: walletDir }),
  });
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    say(`\nStopping ${devnet.nodes.length} nodes (${reason})…`);
    await devnet.stopAll();
    if (options.json) emit({ event: "stopped", heights: Object.fromEntries(devnet.heights(true)) });
    else
      say(
        "Stopped. Run the same command again to resume this network; add --reset to start afresh.",
      );
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  const stopReplayReport = reportReplay(devnet.nodes, {
    mode: outputMode(options.json, process.stdout),
    stream: process.stdout,
  });
  let started: NodeLine[];
  try {
    started = await devnet.startAll();
  } catch (error) {
    stopReplayReport();
    throw new CliError(
      `a node did not start: ${(error as Error).message}\nSee the node.log files in ${prepared.dir}`,
    );
  }
  stopReplayReport();
  for (const [i, line] of started.entries()) {
    const node = devnet.nodes[i]!;
    const log = join(prepared.dir, node.name, "node.log");
    if (options.json)
      emit({
        event: "node",
        name: node.name,
        role: prepared.nodes[i]!.role,
        pid: node.pid,
        p2p: line["p2p"],
        api: line["api"] ?? null,
        height: line["height"],
        log,
      });
    else
      say(
        `  ${node.name.padEnd(14)} ${prepared.nodes[i]!.role.padEnd(9)} p2p ${String(line["p2p"]).padEnd(16)} api ${String(line["api"] ?? "-").padEnd(23)} pid ${String(node.pid).padEnd(7)} log ${log}`,
      );
    node.waitForExit().then((code) => {
      if (stopping) return;
      const stderr = node.stderr.filter((l) => l.trim() !== "").slice(-5);
      if (options.json) emit({ event: "node-exited", name: node.name, code, stderr });
      else say(`! ${node.name} exited with code ${code}; see ${log}\n${stderr.join("\n")}`);
    });
  }
  const startHeight = Math.max(...started.map((l) => Number(l["height"])));
  say("Waiting for the validators to commit blocks…");
  try {
    await devnet.waitForHeight(startHeight + 2, READY_TIMEOUT_MS);
  } catch (error) {
    await devnet.stopAll();
    throw new CliError(
      `${(error as Error).message}: the nodes started but the validators do not agree; see the node.log files in ${prepared.dir}`,
    );
  }
  const heights = devnet.heights();
  const apis = devnet.apiUrls();
  const api = Object.values(apis)[0] ?? null;
  const wallets = devnet.walletUrls();
  const wallet = Object.values(wallets)[0];
  await recordApis(prepared.dir, genesis.chainId, apis, wallet);
  const offered = await postOffersOrSay(prepared, apis);
  if (options.json) {
    emit({
      event: "ready",
      chainId: genesis.chainId,
      dir: prepared.dir,
      height: Math.min(...heights.values()),
      nodes: devnet.nodes.map((n) => ({ name: n.name, pid: n.pid, height: heights.get(n.name) })),
      api,
      apis,
      ...(wallet === undefined ? {} : { wallet, wallets }),
      offers: offered.ok ? offered.posted : { error: offered.text, posted: offered.posted },
    });
  } else {
    say(`Ready: blocks are committing (height ${Math.min(...heights.values())}).`);
    say(offered.ok ? offered.text : `! ${offered.text}`);
    say(`Demo accounts (keys in ${join(prepared.dir, "keys")}):`);
    for (const a of prepared.accounts) say(`  ${a.name.padEnd(14)} ${a.accountId}  ${a.role}`);
    say("APIs (each validator serves one, and so does the regulator's observer node):");
    for (const node of prepared.nodes) {
      const url = apis[node.name];
      if (url === undefined) continue;
      const note = node.role === "observer" ? "  (observer: follows the chain, never votes)" : "";
      say(`  ${node.name.padEnd(14)} ${url}${note}`);
    }
    if (wallet !== undefined) {
      const [first] = Object.keys(wallets);
      say(`Web wallet (open each role in its own tab; ${first}'s desk opens and funds accounts):`);
      for (const role of ["consumer", "merchant", "explorer"]) {
        say(`  ${role.padEnd(14)} ${wallet}#/${role}`);
      }
      say(
        `  every validator serves one, its own institution's desk: ${Object.values(wallets)
          .slice(1)
          .join(" · ")}`,
      );
    }
    say(
      `Try, in another terminal: npx tongbao status · npx tongbao pay alice tea-house 12.50 HKD\n` +
        "  npx tongbao quote HKD PHP --send 1000 --payer alice · npx tongbao remit alice maria 1000 HKD --to-currency PHP\n" +
        "Ctrl-C stops every node.",
    );
  }
  setInterval(() => {
    if (stopping) return;
    const now = devnet.heights();
    if (options.json) {
      emit({ event: "status", heights: Object.fromEntries(now) });
    } else {
      const parts = devnet.nodes.map(
        (n) => `${n.name} ${n.running ? (now.get(n.name) ?? "?") : "down"}`,
      );
      say(`heights: ${parts.join(" · ")}`);
    }
  }, 5_000);
}
