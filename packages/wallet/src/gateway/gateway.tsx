/**
 * The one gateway the wallet talks to: the origin that served it. Its chain id (which every
 * signature names) is read from GET /v1/status before anything is signed.
 */
import { createContext, type ComponentChildren } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";
import { createClient, getStatus, type Client } from "@tongbao/client/browser";
import { describeError, type Problem } from "./describe-error.ts";

export type GatewayState =
  | { readonly kind: "connecting" }
  | { readonly kind: "ready"; readonly client: Client }
  | { readonly kind: "failed"; readonly problem: Problem };

const GatewayContext = createContext<Client | undefined>(undefined);

/** The gateway's client; only inside <GatewayProvider> once it is ready. */
export function useClient(): Client {
  const client = useContext(GatewayContext);
  if (client === undefined) throw new Error("useClient outside a ready GatewayProvider");
  return client;
}

/** How long to wait before asking an unreachable gateway again. */
const RETRY_MS = 3_000;

export function useGateway(origin: string): GatewayState {
  const [state, setState] = useState<GatewayState>({ kind: "connecting" });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = async () => {
      try {
        const probe = createClient({ url: origin, chainId: "unknown" });
        const { chainId } = await getStatus(probe);
        if (!stopped) setState({ kind: "ready", client: createClient({ url: origin, chainId }) });
      } catch (error) {
        if (stopped) return;
        setState({ kind: "failed", problem: describeError(error) });
        timer = setTimeout(() => void connect(), RETRY_MS);
      }
    };
    void connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [origin]);
  return state;
}

export function GatewayProvider(props: { client: Client; children: ComponentChildren }) {
  return <GatewayContext.Provider value={props.client}>{props.children}</GatewayContext.Provider>;
}
