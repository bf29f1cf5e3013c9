/**
 * A stand-in gateway for CLI tests: answers each request as the test says — JSON, plain text,
 * or a dropped connection (what a network failure looks like to the client) — and records
 * "METHOD /path" of every request, so a test can tell what a command asked before it stopped.
 * Unanswered routes get the API's 404 envelope.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeAnswer =
  | { readonly status?: number; readonly json: unknown }
  | { readonly status?: number; readonly text: string }
  | "drop";

export interface FakeGateway {
  readonly url: string;
  /** "GET /v1/status", "POST /v1/transactions", … in arrival order (no query strings). */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startFakeGateway(
  answer: (method: string, path: string) => FakeAnswer | undefined,
): Promise<FakeGateway> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const path = new URL(req.url ?? "/", "http://gateway").pathname;
    const method = req.method ?? "GET";
    requests.push(`${method} ${path}`);
    // Read the body whole first: an answer before the upload ends confuses some clients.
    req.resume();
    req.on("end", () => {
      const reply = answer(method, path) ?? {
        status: 404,
        json: { error: { code: "not_found", message: `no route ${method} ${path}` } },
      };
      if (reply === "drop") {
        req.socket.destroy();
        return;
      }
      const status = reply.status ?? 200;
      if ("json" in reply) {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(reply.json));
      } else {
        res.writeHead(status, { "content-type": "text/plain" });
        res.end(reply.text);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The answers every command needs first: status (the chain id), currencies, accounts. */
export function basicAnswer(
  method: string,
  path: string,
  accounts: Readonly<Record<string, { institution: string; HKD?: string }>>,
): FakeAnswer | undefined {
  if (method === "GET" && path === "/v1/status") {
    return {
      json: {
        chainId: "tongbao-fake",
        height: 5,
        stateRoot: "00".repeat(32),
        validators: [],
        mempool: { transactions: 0, bytes: 0 },
      },
    };
  }
  if (method === "GET" && path === "/v1/currencies") {
    return {
      json: {
        currencies: [
          { code: "HKD", minorUnits: 2, issuer: "hk-bank", supply: "1000000.00" },
          { code: "PHP", minorUnits: 2, issuer: "ph-bank", supply: "1000000.00" },
        ],
      },
    };
  }
  const account = /^\/v1\/accounts\/([0-9a-f]{40})$/.exec(path)?.[1];
  if (method === "GET" && account !== undefined && accounts[account] !== undefined) {
    const { institution, HKD } = accounts[account];
    return {
      json: {
        id: account,
        institution,
        kycTier: 1,
        frozen: false,
        balances: HKD === undefined ? [] : [{ amount: HKD, currency: "HKD" }],
        height: 5,
      },
    };
  }
  return undefined;
}
