/**
 * `tongbao node start --config FILE`: runs one node — a validator, or an observer that follows
 * the chain without voting (genesis says which; the config's `role`, when present, must agree) —
 * in this process until SIGTERM or SIGINT. Stdout carries one JSON object per line for whoever supervises the process:
 *
 *   {"event":"replaying","name":…,"height":…,"of":…}   restoring the ledger (at most every
 *                                                       REPLAY_REPORT_MS, and when done)
 *   {"event":"started","name":…,"role":"validator"|"observer","chainId":…,"height":…,
 *    "p2p":"127.0.0.1:26601",
 *    "api":"http://127.0.0.1:PORT" (null without an `api` section),
 *    "wallet":"http://127.0.0.1:PORT/wallet/" (null unless it serves one),
 *    "desk":<the institution's account id> (null without an institution desk),"pid":…}
 *   {"event":"status","name":…,"height":…,"appHash":…,"peers":"3/3",…,"heapMb":…,"heapCommittedMb":…,"rssMb":…}
 *                                                       every --status-ms
 *   {"event":"stopped","name":…,"height":…}
 *   {"event":"halted","name":…,"error":…}          a bug: exit code 70, details in the log
 *
 * Logs (pino JSON) go to the file named in the config, or to stderr.
 */
import { KeyFileError, loadKeyFile, signingKeyFromPrivateKey } from "@tongbao/crypto";
import {
  DataDirInUseError,
  GenesisFileError,
  ValidatorNode,
  createNodeLogger,
  memberOf,
  startApiGateway,
  loadGenesisFile,
} from "@tongbao/node";
import { StorageIdentityError } from "@tongbao/storage";
import { equalBytes } from "@tongbao/std";
import { serveControl } from "./control.ts";
import { CliError } from "./errors.ts";
import { loadNodeConfig, type InstitutionSection } from "./network.ts";
import { defaultVerifierThreads } from "./verifier-threads.ts";
import { HEAP_GROWTH_PERCENT_DEFAULT, applyHeapGrowthPercent } from "./heap-growth.ts";
import { loadOperatorToken, loadTravelRuleKeyFile } from "./travel-rule-files.ts";

/** Exit code of a node that halted on a bug (sysexits EX_SOFTWARE). */
export const EXIT_HALTED = 70;

export interface RunNodeOptions {
  /** Status line interval; 0 for none. */
  readonly statusMs: number;
  /** Serve the public API here (overrides the config's `api` section). */
  readonly api?: { readonly host: string; readonly port: number };
  /** Run the institution's desk with this key (overrides the config's `institution` section). */
  readonly institution?: InstitutionSection;
  /** Serve this wallet build at /wallet/ (overrides the config's `wallet`). */
  readonly walletDir?: string;
}

/** How often a restarting node reports how far it has replayed its stored blocks. */
export const REPLAY_REPORT_MS = 250;

function print(line: object): void {
  process.stdout.write(JSON.stringify(line) + "\n");
}

export async function runNode(configPath: string, options: RunNodeOptions): Promise<void> {
  // Signals are handled from the first moment: one arriving while the node starts (when it may
  // already be signing) is acted on once it has started, never by dying half-way.
  let requested: string | undefined;
  let onRequest: ((signal: string) => void) | undefined;
  const request = (signal: string) => {
    requested ??= signal;
    onRequest?.(signal);
  };
  process.on("SIGTERM", () => request("SIGTERM"));
  process.on("SIGINT", () => request("SIGINT"));
  const config = await loadNodeConfig(configPath);
  // Before the ledger is loaded, so the heap it builds already grows by this margin.
  applyHeapGrowthPercent(config.heapGrowthPercent ?? HEAP_GROWTH_PERCENT_DEFAULT);
  const genesis = await loadGenesisFile(config.genesisPath).catch((error: unknown) => {
    if (error instanceof GenesisFileError) throw new CliError(error.message);
    throw error;
  });
  const nodeKey = await loadKeyFile(config.nodeKeyPath).catch((error: unknown) => {
    if (error instanceof KeyFileError) throw new CliError(error.message);
    throw error;
  });
  const member = memberOf(genesis, nodeKey.publicKey);
  if (member !== undefined && config.role !== undefined && member.role !== config.role) {
    throw new CliError(
      `node config ${configPath} says this node is a ${config.role}, but genesis lists its key ` +
        `as the ${member.role} "${member.name}": fix "role" in the config, or use that node's key`,
    );
  }
  const travelRule = await travelRuleSettings(config, genesis);
  const logger = createNodeLogger({
    name: config.name,
    level: config.logLevel,
    ...(config.logFile === undefined ? {} : { file: config.logFile }),
  });
  process.on("uncaughtException", (error) => {
    logger.fatal({ err: error }, "uncaught exception");
    print({ event: "halted", name: config.name, error: error.message });
    process.exit(EXIT_HALTED);
  });
  let replayReportedMs = 0;
  const onReplayProgress = ({ height, of }: { height: number; of: number }) => {
    const nowMs = Date.now();
    if (height < of && nowMs - replayReportedMs < REPLAY_REPORT_MS) return;
    replayReportedMs = nowMs;
    print({ event: "replaying", name: config.name, height, of });
  };
  let node: ValidatorNode;
  try {
    node = await ValidatorNode.open(
      {
        genesis,
        nodeKey,
        dataDir: config.dataDir,
        ...(config.timeouts === undefined ? {} : { timeouts: config.timeouts }),
        ...(config.commitDelayMs === undefined ? {} : { commitDelayMs: config.commitDelayMs }),
        ...(config.reconnectDelayMsMax === undefined
          ? {}
          : { reconnectDelayMsMax: config.reconnectDelayMsMax }),
        verifierThreads: config.verifierThreads ?? defaultVerifierThreads(),
      },
      {
        logger,
        onReplayProgress,
        onFatal: (error) => {
          print({ event: "halted", name: config.name, error: (error as Error).message });
          process.exit(EXIT_HALTED);
        },
      },
    );
  } catch (error) {
    if (error instanceof DataDirInUseError || error instanceof RangeError) {
      throw new CliError(error.message);
    }
    if (error instanceof StorageIdentityError) {
      throw new CliError(
        `${error.message} — the data directory belongs to another network; ` +
          `move ${config.dataDir} away or point dataDir elsewhere`,
      );
    }
    throw error;
  }
  try {
    await node.start();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const apiAddress = options.api ?? config.api;
  const institution = options.institution ?? config.institution;
  const walletDir = options.walletDir ?? config.walletDir;
  let apiUrl: string | undefined;
  let desk: string | undefined;
  if (apiAddress !== undefined) {
    const institutionKey =
      institution === undefined
        ? undefined
        : await loadKeyFile(institution.keyFile).catch(async (error: unknown) => {
            await node.stop();
            if (error instanceof KeyFileError)
              throw new CliError(`institution key: ${error.message}`);
            throw error;
          });
    try {
      apiUrl = (
        await node.attachGateway((access) =>
          startApiGateway(access, {
            ...apiAddress,
            ...(institution === undefined || institutionKey === undefined
              ? {}
              : {
                  institution: {
                    key: signingKeyFromPrivateKey(institutionKey.privateKey),
                    ...(institution.demoFunds === undefined
                      ? {}
                      : { demoFunds: institution.demoFunds }),
                    ...(institution.merchantsFile === undefined
                      ? {}
                      : { merchantsFile: institution.merchantsFile }),
                  },
                }),
            ...(walletDir === undefined ? {} : { walletDir }),
            travelRule,
          }),
        )
      ).url;
      desk = institution === undefined ? undefined : institutionKey?.accountId;
    } catch (error) {
      await node.stop();
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(
        code === "EADDRINUSE"
          ? `API port ${apiAddress.port} on ${apiAddress.host} is in use: choose another "api.port" in ${configPath} (0 picks a free one)`
          : error instanceof RangeError
            ? `the API cannot start: ${error.message}`
            : `the API could not listen on ${apiAddress.host}:${apiAddress.port}: ${(error as Error).message}`,
      );
    }
  } else if (institution !== undefined || walletDir !== undefined) {
    logger.warn("an institution desk or a wallet needs an API: neither is served");
  }
  const status = node.status();
  print({
    event: "started",
    name: config.name,
    role: status.role,
    chainId: genesis.chainId,
    height: status.height,
    p2p: status.p2p,
    api: apiUrl ?? null,
    wallet: apiUrl !== undefined && walletDir !== undefined ? `${apiUrl}/wallet/` : null,
    desk: desk ?? null,
    pid: process.pid,
    dataDir: config.dataDir,
    log: config.logFile ?? "stderr",
  });
  const timer =
    options.statusMs > 0
      ? setInterval(() => {
          const s = node.status();
          print({
            event: "status",
            name: s.name,
            role: s.role,
            height: s.height,
            round: s.round,
            appHash: s.appHash,
            lastCommitMs: s.lastCommitMs,
            peers: `${s.peers.filter((p) => p.connected).length}/${s.peers.length}`,
            mempool: s.mempoolTxs,
            // Every signature check since start, on the event loop and in the verifier threads.
            signaturesVerified: s.signaturesVerified,
            // Of those, checked for proposals holding what gossip had not brought in time.
            proposalSignaturesVerified: s.proposalSignaturesVerified,
            // Memory in whole MB: the JavaScript heap in use (with its buffers), and the process.
            ...memoryMb(),
          });
        }, options.statusMs)
      : undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (timer !== undefined) clearInterval(timer);
    logger.info({ signal }, "stopping");
    await node.stop();
    print({ event: "stopped", name: config.name, height: node.status().height });
    process.exit(0);
  };
  onRequest = (signal) => void stop(signal);
  if (process.send !== undefined) {
    serveControl(node, process as unknown as Parameters<typeof serveControl>[1]);
    // The supervisor is gone (even killed): do not linger as an orphan validator.
    process.on("disconnect", () => request("parent disconnected"));
    if (!process.connected) request("parent disconnected");
  }
  if (requested !== undefined) void stop(requested);
}

/**
 * The node's travel-rule keys (checked against its institution's keys in genesis) and its
 * operator token, from the files its node.json names; either may be absent.
 */
async function travelRuleSettings(
  config: Awaited<ReturnType<typeof loadNodeConfig>>,
  genesis: Awaited<ReturnType<typeof loadGenesisFile>>,
): Promise<{ privateKey?: Uint8Array; sm2PrivateKey?: Uint8Array; operatorToken?: string }> {
  const out: { privateKey?: Uint8Array; sm2PrivateKey?: Uint8Array; operatorToken?: string } = {};
  if (config.travelRuleKeyFile !== undefined) {
    const file = await loadTravelRuleKeyFile(config.travelRuleKeyFile);
    // A validator's or an observer's: both decrypt for their institution.
    const institution = [...genesis.validators, ...genesis.observers].find(
      (n) => n.name === config.name,
    )?.institution;
    const expected =
      institution === undefined ? undefined : genesis.travelRuleKeys.get(institution);
    if (
      file.institution !== institution ||
      expected === undefined ||
      !equalBytes(expected, file.publicKey)
    ) {
      throw new CliError(
        `${config.travelRuleKeyFile} is not the travel-rule key of ${institution ?? config.name} in genesis; use the file \`tongbao genesis init\` wrote for this node`,
      );
    }
    out.privateKey = file.privateKey;
    if (file.sm2 !== undefined) {
      // A file written before SM2 keys existed has none: the node then decrypts X25519 only.
      const expectedSm2 = genesis.travelRuleSm2Keys.get(institution!);
      if (expectedSm2 === undefined || !equalBytes(expectedSm2, file.sm2.publicKey)) {
        throw new CliError(
          `${config.travelRuleKeyFile}: its SM2 key is not the travelRuleSm2Key of ${institution} in genesis; use the file \`tongbao genesis init\` wrote for this node`,
        );
      }
      out.sm2PrivateKey = file.sm2.privateKey;
    }
  }
  if (config.operatorTokenFile !== undefined) {
    out.operatorToken = await loadOperatorToken(config.operatorTokenFile);
  }
  return out;
}

/**
 * heapMb: what the JS heap holds, live or not yet collected, plus memory outside it that JS
 * objects own (array buffers); heapCommittedMb: what V8 has reserved for its heap, used or
 * not. RSS beyond both is the runtime's own: code, the verifier threads, native buffers.
 */
function memoryMb(): { heapMb: number; heapCommittedMb: number; rssMb: number } {
  const { heapUsed, heapTotal, external, rss } = process.memoryUsage();
  return {
    heapMb: Math.round((heapUsed + external) / 1e6),
    heapCommittedMb: Math.round(heapTotal / 1e6),
    rssMb: Math.round(rss / 1e6),
  };
}
