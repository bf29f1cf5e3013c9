/**
 * @tongbao/client: the TypeScript SDK of the public API. Requests, answers and errors are derived
 * from @tongbao/api's route definitions. This is the Node entry point: the browser one
 * ("@tongbao/client/browser") plus keySigner, which signs with node:crypto, and a WebSocket from
 * the `ws` package where the platform has none (Node 20).
 */
import {
  createClient as createClientFor,
  type Client,
  type ClientEnvironment,
  type ClientOptions,
  type WebSocketConstructor,
} from "./client.ts";

export * from "./browser.ts";
export { keySigner } from "./signers/key-signer.ts";

const NODE_ENVIRONMENT: ClientEnvironment = {
  loadWebSocket: async () => (await import("ws")).default as unknown as WebSocketConstructor,
};

/**
 * @example
 * const client = createClient({ url: "http://127.0.0.1:8080", chainId: "tongbao-devnet-1" });
 * const receipt = await client.pay({ signer: keySigner(key), to, amount: "12.50", currency: "HKD" });
 */
export function createClient(options: ClientOptions): Client {
  return createClientFor(options, NODE_ENVIRONMENT);
}
