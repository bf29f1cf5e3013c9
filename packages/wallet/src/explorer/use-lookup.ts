/** One read from the API for a detail page, redone when what it looks up changes. */
import { useEffect, useState } from "preact/hooks";
import { describeError, type Problem } from "../gateway/describe-error.ts";

export type Lookup<T> =
  | { readonly kind: "loading" }
  | { readonly kind: "found"; readonly value: T }
  | { readonly kind: "failed"; readonly problem: Problem };

export function useLookup<T>(read: () => Promise<T>, key: string, refreshMs?: number): Lookup<T> {
  const [state, setState] = useState<Lookup<T>>({ kind: "loading" });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({ kind: "loading" });
    const run = () =>
      read()
        .then((value) => !stopped && setState({ kind: "found", value }))
        .catch(
          (error: unknown) =>
            !stopped && setState({ kind: "failed", problem: describeError(error) }),
        )
        .finally(() => {
          if (!stopped && refreshMs !== undefined) timer = setTimeout(run, refreshMs);
        });
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key]);
  return state;
}
