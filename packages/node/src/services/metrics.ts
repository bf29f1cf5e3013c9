/**
 * The node's Prometheus metrics, in a registry of its own (never prom-client's global default),
 * so that several nodes in one process — the simulator, tests — keep separate figures.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

export interface MetricsSources {
  readonly mempoolTransactions: () => number;
  readonly mempoolBytes: () => number;
  readonly subscribers: () => number;
}

/**
 * Commit latency buckets in seconds: a healthy network commits in about a second; the upper
 * buckets show rounds that timed out.
 */
const COMMIT_LATENCY_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

export class NodeMetrics {
  readonly registry = new Registry();

  readonly height = new Gauge({
    name: "tongbao_height",
    help: "Height of the last committed block.",
    registers: [this.registry],
  });

  readonly commitLatency = new Histogram({
    name: "tongbao_commit_latency_seconds",
    help: "From a block's agreed timestamp to its commit on this node.",
    buckets: COMMIT_LATENCY_BUCKETS_S,
    registers: [this.registry],
  });

  readonly transactionsCommitted = new Counter({
    name: "tongbao_transactions_committed_total",
    help: "Transactions in committed blocks, by result (ok or failed).",
    labelNames: ["result"] as const,
    registers: [this.registry],
  });

  readonly paymentsCommitted = new Counter({
    name: "tongbao_payments_committed_total",
    help: "Transfers in successful committed transactions, by currency.",
    labelNames: ["currency"] as const,
    registers: [this.registry],
  });

  /** Set by the runtime from its peer table. */
  readonly peers = new Gauge({
    name: "tongbao_peers",
    help: "Validators this node has a live link to.",
    registers: [this.registry],
  });

  readonly subscribersDropped = new Counter({
    name: "tongbao_subscribers_dropped_total",
    help: "Subscriptions ended by the node, by reason.",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });

  constructor(sources: MetricsSources) {
    new Gauge({
      name: "tongbao_mempool_transactions",
      help: "Transactions waiting in the mempool.",
      registers: [this.registry],
      collect() {
        this.set(sources.mempoolTransactions());
      },
    });
    new Gauge({
      name: "tongbao_mempool_bytes",
      help: "Encoded bytes of the transactions waiting in the mempool.",
      registers: [this.registry],
      collect() {
        this.set(sources.mempoolBytes());
      },
    });
    new Gauge({
      name: "tongbao_subscribers",
      help: "Open subscriptions (blocks, accounts, references).",
      registers: [this.registry],
      collect() {
        this.set(sources.subscribers());
      },
    });
  }
}
