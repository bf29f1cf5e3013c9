/**
 * The public API on a validator or an observer: LedgerServices over the node's committed state, served by
 * @tongbao/api's HTTP server. Passed to `ValidatorNode.attachGateway`, which closes it on stop.
 *
 *   await node.attachGateway((access) => startApiGateway(access, { host: "127.0.0.1", port: 0 }));
 *
 * Wiring, and who owns what:
 * - submissions go through the node's admission (`access.submitBatch`): signatures verified in
 *   slices, admitted through the committed-state gate, gossiped to the other validators;
 * - the node prunes and rechecks the mempool as each block commits (before the next proposal is
 *   built), so the services are told not to do it again (`runtimePrunesMempool`);
 * - after each stored block the services index it (`services.onCommitted`);
 * - health and readiness come from `access.nodeHealth()`; the peers gauge is refreshed from it.
 *   /v1/status names the node and its role. A validator is ready while linked to more than two
 *   thirds of the power and committing; an observer, which has no power, while it follows the
 *   chain: it has committed a block since it started, and not long ago;
 * - a remit carrying a travel-rule hash is admitted only when the envelope is held and sealed to
 *   the sender's and recipient's institutions and every regulator (checkRemitTravelRule);
 * - with its institution's key, the gateway owns that institution's signer and runs its desk
 *   (accounts opened for keys that stay in their owners' wallets; merchants' profiles, kept in
 *   `merchantsFile`, and their QR codes signed by the institution); without it, it has none;
 * - with a wallet build, it serves the web wallet at /wallet/.
 */
import type { Money, Readiness } from "@tongbao/api";
import { createApiServer } from "@tongbao/api/server";
import type { SigningKey } from "@tongbao/crypto";
import { InstitutionDesk, InstitutionSigner, MerchantRegister } from "./desk/index.ts";
import { LedgerServices, type NodeHealth as ServicesHealth } from "./services/index.ts";
import { NodeTravelRuleServices } from "./travel-rule/travel-rule-services.ts";
import { checkRemitTravelRule } from "./travel-rule/remit-admission.ts";
import type { Gateway, NodeAccess } from "./runtime/index.ts";

export interface ApiGatewayOptions {
  /** Where to listen; the devnet and tests bind 127.0.0.1 only. */
  readonly host: string;
  /** 0 for an ephemeral port (the bound one is in the gateway's url). */
  readonly port: number;
  /**
   * The institution this node belongs to, by its key: the gateway runs the institution's desk.
   * Production nodes leave it out unless their operator means them to open accounts.
   */
  readonly institution?: {
    readonly key: SigningKey;
    /** Money each account opened here receives; development networks only. */
    readonly demoFunds?: Money;
    /**
     * The institution's merchant register (a JSON file, created when missing): the profiles its
     * QR codes carry. Absent: kept in memory, forgotten at a restart.
     */
    readonly merchantsFile?: string;
  };
  /** The web wallet's build directory, served at /wallet/. */
  readonly walletDir?: string;
  /**
   * Reading travel-rule data here: the X25519 and SM2 private keys of the node's institution
   * (absent: it decrypts no envelope of that suite) and the operator's bearer token (absent:
   * nobody reads). Uploads and the exchange with peers work without any of them.
   */
  readonly travelRule?: {
    readonly privateKey?: Uint8Array;
    readonly sm2PrivateKey?: Uint8Array;
    readonly operatorToken?: string;
  };
}

type ApiLogger = NonNullable<Parameters<typeof createApiServer>[0]["logger"]>;

/** How often the peers gauge is refreshed from the node's link table. */
export const PEERS_GAUGE_REFRESH_MS = 1_000;

/** Without a commit for this long the node is not ready (stalled, or cut off from a quorum). */
export const READY_COMMIT_AGE_MS_MAX = 30_000;

function servicesHealth(access: NodeAccess, nowMs: () => number): ServicesHealth {
  const { genesis, validator, self } = access;
  return {
    node: () => ({ name: self.name, role: self.role, institution: self.institution }),
    validators: () => {
      const health = access.nodeHealth();
      const peers = new Map(health.peers.map((p) => [p.name, p]));
      return genesis.validators.map((v, index) => {
        const peer = peers.get(v.name);
        const self = v === validator;
        const lastSeenMs = self ? nowMs() : peer?.lastSeenMs;
        return {
          index,
          name: v.name,
          publicKey: v.publicKey,
          votingPower: v.power,
          self,
          connected: self || peer?.connected === true,
          ...(lastSeenMs === undefined || lastSeenMs === null ? {} : { lastSeenMs }),
        };
      });
    },
    readiness: () => {
      const health = access.nodeHealth();
      if (self.role === "observer") return observerReadiness(health.lastCommitMs, nowMs());
      const total = genesis.validators.reduce((sum, v) => sum + v.power, 0);
      const connected = new Set(health.peers.filter((p) => p.connected).map((p) => p.name));
      const reachable = genesis.validators
        .filter((v) => v === validator || connected.has(v.name))
        .reduce((sum, v) => sum + v.power, 0);
      if (3 * reachable <= 2 * total) {
        return {
          ready: false,
          reason: `linked to validators with ${reachable} of ${total} voting power; a quorum needs more than two thirds`,
        };
      }
      if (health.lastCommitMs !== null && nowMs() - health.lastCommitMs > READY_COMMIT_AGE_MS_MAX) {
        return {
          ready: false,
          reason: `no block committed for ${Math.round((nowMs() - health.lastCommitMs) / 1000)} s`,
        };
      }
      return { ready: true };
    },
  };
}

/**
 * An observer serves what it has committed, so it is ready while that keeps up with the chain:
 * a first block committed since it started (it may be catching up until then), and the last
 * one recent. Its links do not matter beyond that: it follows whichever validators it hears.
 */
function observerReadiness(lastCommitMs: number | null, now: number): Readiness {
  if (lastCommitMs === null) {
    return { ready: false, reason: "this observer has not followed a commit since it started" };
  }
  if (now - lastCommitMs > READY_COMMIT_AGE_MS_MAX) {
    return {
      ready: false,
      reason: `this observer has seen no block committed for ${Math.round((now - lastCommitMs) / 1000)} s`,
    };
  }
  return { ready: true };
}

/** Starts the API for the node behind `access`; resolves once it listens. */
export async function startApiGateway(
  access: NodeAccess,
  options: ApiGatewayOptions,
): Promise<Gateway> {
  const nowMs = () => Date.now();
  const services = new LedgerServices(
    {
      chainId: access.genesis.chainId,
      travelRuleKeys: access.genesis.travelRuleKeys,
      travelRuleSm2Keys: access.genesis.travelRuleSm2Keys,
    },
    {
      state: access.ledger,
      mempool: access.mempool,
      blocks: access.blocks,
      clock: { nowMs },
      health: servicesHealth(access, nowMs),
      admit: (transactions) => access.submitBatch(transactions),
      runtimePrunesMempool: true,
      stored: () => access.whenStored(),
      verifySignature: (signed) => access.verifySignature(signed),
      preverify: (transactions) => access.preverify(transactions),
      admissionBusy: (count) => access.admissionBusy(count),
      // A remit's travel-rule envelope must be held (here or at a peer) and sealed to the
      // institutions that must read it; the answer is the institutions it leaves out.
      travelRule: async (hash, required) => {
        const checked = await checkRemitTravelRule(access.travelRule, hash, required);
        if (checked.ok) return [];
        return checked.code === "travel_rule_missing" ? required : (checked.missing ?? required);
      },
    },
  );
  // What may fail (a key of another institution, a missing wallet build) comes first, before
  // anything needs undoing.
  const logger = access.logger.child({ component: "api" }) as unknown as ApiLogger;
  const merchantsFile = options.institution?.merchantsFile;
  const merchants =
    merchantsFile === undefined ? undefined : await MerchantRegister.open(merchantsFile);
  const desk =
    options.institution === undefined
      ? undefined
      : new InstitutionDesk(
          options.institution.demoFunds === undefined
            ? {}
            : { demoFunds: options.institution.demoFunds },
          {
            signer: InstitutionSigner.fromGenesis(
              access.genesis.ledgerConfig,
              options.institution.key,
            ),
            services,
            genesis: access.genesis.ledgerConfig,
            nowMs,
            log: (fields, message) => logger.info(fields, message),
            ...(merchants === undefined ? {} : { merchants }),
          },
        );
  const travelRule = new NodeTravelRuleServices(access.travelRule, {
    institution: access.self.institution,
    ...options.travelRule,
  });
  const server = await createApiServer({
    services,
    travelRule,
    logger,
    ...(desk === undefined ? {} : { desk }),
    ...(options.walletDir === undefined ? {} : { wallet: { root: options.walletDir } }),
  });
  const refreshPeers = () =>
    services.nodeMetrics.peers.set(access.nodeHealth().peers.filter((p) => p.connected).length);
  refreshPeers();
  const peersTimer = setInterval(refreshPeers, PEERS_GAUGE_REFRESH_MS);
  peersTimer.unref();
  const unsubscribe = access.onCommitted((block) =>
    services.onCommitted({
      execution: block.execution,
      transactions: block.transactions,
      appHash: block.appHash,
      blockId: block.blockId,
      header: block.header,
    }),
  );
  let url: string;
  try {
    await server.listen({ host: options.host, port: options.port });
    const address = server.server.address();
    const port = typeof address === "object" && address !== null ? address.port : options.port;
    url = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`;
  } catch (error) {
    clearInterval(peersTimer);
    unsubscribe();
    await server.close();
    throw error;
  }
  return {
    url,
    close: async () => {
      clearInterval(peersTimer);
      unsubscribe();
      services.close();
      await server.close();
    },
  };
}
