/**
 * The explorer: the chain as this gateway sees it — latest blocks live, the transaction rate,
 * the validators' health — and any transaction, account or block by its id.
 */
import type { ComponentChildren } from "preact";
import type { Client } from "@tongbao/client/browser";
import { href } from "../routing/route.ts";
import { AccountDetail } from "./account-detail.tsx";
import { BlockDetail } from "./block-detail.tsx";
import { LatestBlocks, TransactionRate } from "./latest-blocks.tsx";
import { SearchBox } from "./search-box.tsx";
import { TxDetail } from "./tx-detail.tsx";
import { useLatestBlocks } from "./use-latest-blocks.ts";
import { Validators } from "./validators.tsx";

export function ExplorerView(props: { client: Client; path: readonly string[] }) {
  const { client, path } = props;
  const [kind, id] = path;
  return (
    <div class="view" data-testid="explorer">
      <SearchBox />
      {kind === "tx" && id !== undefined ? (
        <Detail>
          <TxDetail client={client} hash={id} />
        </Detail>
      ) : kind === "account" && id !== undefined ? (
        <Detail>
          <AccountDetail client={client} id={id} />
        </Detail>
      ) : kind === "block" && id !== undefined && /^[0-9]{1,15}$/.test(id) ? (
        <Detail>
          <BlockDetail client={client} height={Number(id)} />
        </Detail>
      ) : (
        <Overview client={client} />
      )}
    </div>
  );
}

function Detail(props: { children: ComponentChildren }) {
  return (
    <>
      <p>
        <a href={href("explorer")}>← Latest blocks</a>
      </p>
      {props.children}
    </>
  );
}

function Overview(props: { client: Client }) {
  const { blocks, live } = useLatestBlocks(props.client);
  return (
    <>
      <TransactionRate blocks={blocks} />
      <LatestBlocks blocks={blocks} live={live} />
      <Validators client={props.client} />
    </>
  );
}
