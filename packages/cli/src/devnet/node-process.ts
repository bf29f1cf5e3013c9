/**
 * A validator running as a child process (`tongbao node start`), supervised by the devnet,
 * the multi-process tests and the load benchmark: start, read its JSON lines, talk to it over
 * the control channel, stop it with SIGTERM or kill it with SIGKILL, start it again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import type { AdmitResult } from "@tongbao/mempool";
import type { NodeStatus } from "@tongbao/node";
import type {
  CommittedEvent,
  ControlReply,
  ControlRequest,
  StoredBlockSummary,
} from "../control.ts";

/** The `tongbao` entry point, run by the current Node with tsx registered by the entry itself. */
export const TONGBAO_BIN = fileURLToPath(new URL("../../bin/tongbao.mjs", import.meta.url));

/** Lines of stderr kept to explain an early exit. */
const STDERR_LINES_KEPT = 40;

/**
 * V8 flags every node process runs with. A node allocates a few objects per payment that die
 * within a block or two (decoded transactions, receipts, views); with Node's default 16 MB young
 * generation semi-space many of them live through two scavenges and are copied into the old
 * generation. At 32 MB, four validators at 1,300 payments/s carried more and with lower latency
 * in three alternating pairs of three, for about 40 MB more RSS each (BENCHMARKS.md). Operators
 * running `tongbao node start` themselves pass the same through NODE_OPTIONS.
 */
export const NODE_V8_FLAGS: readonly string[] = ["--max-semi-space-size=32"];

export interface NodeLine {
  readonly event: string;
  readonly [field: string]: unknown;
}

type Request = ControlRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, "id">
    : never
  : never;

export class NodeProcess {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: ControlReply) => void>();
  private readonly lineListeners = new Set<(line: NodeLine) => void>();
  private readonly committedListeners = new Set<(event: CommittedEvent) => void>();
  private exited: Promise<number | null> = Promise.resolve(null);
  readonly stderr: string[] = [];
  /** The latest "status" or "started" line. */
  last: NodeLine | undefined;
  exitCode: number | null = null;

  constructor(
    readonly name: string,
    readonly configPath: string,
    private readonly options: {
      readonly statusMs: number;
      /** `--api HOST:PORT` for the child: serve the public API there. */
      readonly api?: string;
      /** `--institution-key FILE` (and `--demo-funds`): run the institution's desk. */
      readonly institutionKey?: string;
      readonly demoFunds?: string;
      /** `--merchants FILE` (with the institution key): the desk's merchant register. */
      readonly merchants?: string;
      /** `--wallet DIR`: serve the web wallet's build. */
      readonly wallet?: string;
    } = { statusMs: 500 },
  ) {}

  /** The API URL from the node's "started" line; undefined without an API. */
  apiUrl: string | undefined;
  /** The wallet URL from the node's "started" line; undefined unless it serves one. */
  walletUrl: string | undefined;

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.exitCode === null && this.child.exitCode === null;
  }

  /** Spawns the node; resolves with its "started" line, rejects if it exits first. */
  start(): Promise<NodeLine> {
    if (this.running) throw new Error(`${this.name} is already running`);
    this.exitCode = null;
    this.stderr.length = 0;
    const child = spawn(
      process.execPath,
      [
        ...NODE_V8_FLAGS,
        // e.g. TONGBAO_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile validators.
        ...(process.env["TONGBAO_NODE_ARGS"]?.split(" ").filter((a) => a !== "") ?? []),
        TONGBAO_BIN,
        "node",
        "start",
        "--config",
        this.configPath,
        "--status-ms",
        String(this.options.statusMs),
        ...(this.options.api === undefined ? [] : ["--api", this.options.api]),
        ...(this.options.institutionKey === undefined
          ? []
          : ["--institution-key", this.options.institutionKey]),
        ...(this.options.demoFunds === undefined ? [] : ["--demo-funds", this.options.demoFunds]),
        ...(this.options.merchants === undefined ? [] : ["--merchants", this.options.merchants]),
        ...(this.options.wallet === undefined ? [] : ["--wallet", this.options.wallet]),
      ],
      { stdio: ["ignore", "pipe", "pipe", "ipc"], serialization: "advanced" },
    );
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exitCode = code ?? (signal === null ? -1 : 128);
        for (const [id, settle] of this.pending) {
          settle({ id, ok: false, error: `${this.name} exited` });
        }
        this.pending.clear();
        resolve(code);
      });
    });
    child.on("message", (message) => this.onMessage(message as ControlReply | CommittedEvent));
    createInterface({ input: child.stderr! }).on("line", (line) => {
      this.stderr.push(line);
      if (this.stderr.length > STDERR_LINES_KEPT) this.stderr.shift();
    });
    createInterface({ input: child.stdout! }).on("line", (text) => {
      let line: NodeLine;
      try {
        line = JSON.parse(text) as NodeLine;
      } catch {
        return;
      }
      if (line.event === "status" || line.event === "started") this.last = line;
      for (const listener of this.lineListeners) listener(line);
    });
    return new Promise((resolve, reject) => {
      const off = this.onLine((line) => {
        if (line.event !== "started") return;
        off();
        this.apiUrl = typeof line["api"] === "string" ? line["api"] : undefined;
        this.walletUrl = typeof line["wallet"] === "string" ? line["wallet"] : undefined;
        resolve(line);
      });
      void this.exited.then((code) => {
        off();
        const why = this.stderr
          .filter((l) => l.trim() !== "")
          .slice(-5)
          .join("\n");
        reject(
          new Error(
            `${this.name} exited with code ${code} before starting${why ? `:\n${why}` : ""}`,
          ),
        );
      });
    });
  }

  onLine(listener: (line: NodeLine) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  /** Committed blocks, after `subscribe()`. */
  onCommitted(listener: (event: CommittedEvent) => void): () => void {
    this.committedListeners.add(listener);
    return () => this.committedListeners.delete(listener);
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Resolves with the exit code. */
  async stop(graceMs = 10_000): Promise<number | null> {
    const child = this.child;
    if (child === undefined || !this.running) return this.exitCode;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** kill -9: no chance to flush or close anything. */
  async kill(): Promise<void> {
    if (this.child === undefined || !this.running) return;
    this.child.kill("SIGKILL");
    await this.exited;
  }

  waitForExit(): Promise<number | null> {
    return this.exited;
  }

  request<T>(request: Request): Promise<T> {
    const child = this.child;
    if (child === undefined || !this.running) {
      return Promise.reject(new Error(`${this.name} is not running`));
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, (reply) => {
        if (reply.ok) resolve(reply.result as T);
        else reject(new Error(`${this.name}: ${reply.error}`));
      });
      child.send({ ...request, id });
    });
  }

  submit(txs: readonly Uint8Array[]): Promise<AdmitResult[]> {
    return this.request({ op: "submit", txs });
  }

  status(): Promise<NodeStatus> {
    return this.request({ op: "status" });
  }

  /** Minor units per account, from the committed state. */
  async balances(accounts: readonly string[], currency: string): Promise<bigint[]> {
    const result = await this.request<string[]>({ op: "balances", accounts, currency });
    return result.map((value) => BigInt(value));
  }

  blocks(from: number, to: number): Promise<StoredBlockSummary[]> {
    return this.request({ op: "blocks", from, to });
  }

  subscribe(): Promise<boolean> {
    return this.request({ op: "subscribe" });
  }

  private onMessage(message: ControlReply | CommittedEvent): void {
    if ("event" in message) {
      for (const listener of this.committedListeners) listener(message);
      return;
    }
    const settle = this.pending.get(message.id);
    if (settle === undefined) return;
    this.pending.delete(message.id);
    settle(message);
  }
}
