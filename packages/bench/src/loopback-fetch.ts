/**
 * A `fetch` for the SDK that connects from a chosen source address. Gateways rate-limit per
 * client address (packages/api/src/limits.ts), and on one machine every client would otherwise
 * be 127.0.0.1; Linux routes all of 127.0.0.0/8 to the loopback interface, so each simulated
 * submitter (a bank's back office, a payment service provider) gets its own 127.0.0.x, as it
 * would have its own address in production.
 *
 * Node 20's global fetch cannot pick a source address without undici's Agent, which is not a
 * dependency; node:http can, with a keep-alive agent per address.
 */
import { Agent, request, type IncomingHttpHeaders } from "node:http";

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/** Source address number `n` (1–250) on the loopback network: 127.0.0.n. */
export function loopbackAddress(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 250) {
    throw new RangeError(`loopback address number must be 1–250, got ${n}`);
  }
  return `127.0.0.${n}`;
}

export interface LoopbackFetch {
  readonly fetch: typeof fetch;
  /** Closes the kept-alive connections. */
  readonly close: () => void;
}

export function loopbackFetch(localAddress: string): LoopbackFetch {
  const agent = new Agent({ keepAlive: true });
  const fetchFrom = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    new Promise((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const body = init?.body;
      if (body !== undefined && body !== null && typeof body !== "string") {
        if (!(body instanceof Uint8Array)) {
          reject(new TypeError("loopbackFetch sends string or Uint8Array bodies only"));
          return;
        }
      }
      const req = request(
        url,
        {
          method: init?.method ?? "GET",
          headers: init?.headers as Record<string, string> | undefined,
          agent,
          localAddress,
          ...(init?.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const status = res.statusCode ?? 0;
            const empty = status === 204 || status === 304;
            resolve(
              new Response(empty ? null : Buffer.concat(chunks), {
                status,
                headers: toHeaders(res.headers),
              }),
            );
          });
        },
      );
      req.on("error", reject);
      req.end(body ?? undefined);
    });
  return { fetch: fetchFrom as typeof fetch, close: () => agent.destroy() };
}
