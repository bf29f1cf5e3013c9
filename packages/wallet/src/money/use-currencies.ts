/** The chain's currencies (code, minor units, issuer), read once: they never change. */
import { useEffect, useState } from "preact/hooks";
import type { CurrencyView } from "@tongbao/api";
import { getCurrencies, type Client } from "@tongbao/client/browser";

export function useCurrencies(client: Client): readonly CurrencyView[] {
  const [currencies, setCurrencies] = useState<readonly CurrencyView[]>([]);
  useEffect(() => {
    let stopped = false;
    const load = () =>
      getCurrencies(client).then(
        (list) => !stopped && setCurrencies(list),
        () => !stopped && setTimeout(load, 2_000),
      );
    void load();
    return () => {
      stopped = true;
    };
  }, [client]);
  return currencies;
}
