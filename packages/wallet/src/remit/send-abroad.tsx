/**
 * The "Send abroad" card of the consumer view. The flow itself (forms, quotes, travel-rule
 * sealing) is loaded the first time the person opens it, so a wallet that never sends abroad
 * never downloads it.
 */
import { useState } from "preact/hooks";
import { ProblemNote } from "../ui/problem-note.tsx";
import type { RemitFlowProps } from "./remit-flow.tsx";

type Loaded = typeof import("./remit-flow.tsx");

export function SendAbroad(props: RemitFlowProps) {
  const [open, setOpen] = useState(false);
  const [flow, setFlow] = useState<Loaded>();
  const [failure, setFailure] = useState<string>();

  const start = () => {
    setOpen(true);
    setFailure(undefined);
    import("./remit-flow.tsx").then(setFlow, (error: unknown) =>
      setFailure(error instanceof Error ? error.message : String(error)),
    );
  };

  return (
    <section class="card" data-testid="remit">
      <h2>Send abroad</h2>
      {!open ? (
        <>
          <p class="muted">
            To someone paid in another currency: see the rate, the fees and what they receive before
            you send.
          </p>
          <button type="button" data-testid="remit-open" onClick={start}>
            Send abroad
          </button>
        </>
      ) : flow !== undefined ? (
        <flow.RemitFlow {...props} />
      ) : failure !== undefined ? (
        <ProblemNote
          problem={{
            title: `This part of the wallet could not be loaded: ${failure}.`,
            fix: "Reload the page.",
          }}
        />
      ) : (
        <p class="muted">Loading…</p>
      )}
    </section>
  );
}
