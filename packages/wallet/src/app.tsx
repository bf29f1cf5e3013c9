/**
 * The wallet: three roles on one page, chosen by the URL's hash — #/consumer, #/merchant,
 * #/explorer — so two tabs can show two roles. It talks only to the gateway that served it.
 */
import type { Client } from "@tongbao/client/browser";
import { ConsumerView } from "./consumer/consumer-view.tsx";
import { ExplorerView } from "./explorer/explorer-view.tsx";
import { GatewayProvider, useGateway } from "./gateway/gateway.tsx";
import { MerchantView } from "./merchant/merchant-view.tsx";
import { href, ROLES, type Role } from "./routing/route.ts";
import { useRoute } from "./routing/use-route.ts";
import { ProblemNote } from "./ui/problem-note.tsx";

const TITLES: Record<Role, string> = {
  consumer: "Wallet",
  merchant: "Shop",
  explorer: "Explorer",
};

export function App() {
  const route = useRoute();
  const gateway = useGateway(location.origin);
  return (
    <>
      <header class="top">
        <a class="brand" href={href("consumer")}>
          通宝 Tongbao
        </a>
        <nav>
          {ROLES.map((role) => (
            <a
              key={role}
              href={href(role)}
              class={route.role === role ? "active" : ""}
              aria-current={route.role === role ? "page" : undefined}
            >
              {TITLES[role]}
            </a>
          ))}
        </nav>
        <span class="chain" data-testid="chain">
          {gateway.kind === "ready"
            ? gateway.client.chainId
            : gateway.kind === "connecting"
              ? "connecting…"
              : "offline"}
        </span>
      </header>
      <main>
        {gateway.kind === "connecting" ? <p class="muted">Connecting to the gateway…</p> : null}
        {gateway.kind === "failed" ? <ProblemNote problem={gateway.problem} /> : null}
        {gateway.kind === "ready" ? (
          <GatewayProvider client={gateway.client}>
            <RoleView role={route.role} path={route.path} client={gateway.client} />
          </GatewayProvider>
        ) : null}
      </main>
    </>
  );
}

function RoleView(props: { role: Role; path: readonly string[]; client: Client }) {
  switch (props.role) {
    case "consumer":
      return <ConsumerView client={props.client} />;
    case "merchant":
      return <MerchantView client={props.client} />;
    case "explorer":
      return <ExplorerView client={props.client} path={props.path} />;
  }
}
