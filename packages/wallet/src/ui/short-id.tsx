import { useState } from "preact/hooks";

/** A long hex id shortened for reading, whole on hover, copied on click. */
export function ShortId(props: { id: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const short = props.id.length > 16 ? `${props.id.slice(0, 8)}…${props.id.slice(-6)}` : props.id;
  const copy = () => {
    void navigator.clipboard?.writeText(props.id).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1_200);
    });
  };
  return (
    <button
      type="button"
      class="short-id"
      title={`${props.id} (click to copy)`}
      onClick={copy}
      data-testid={props.testId}
      data-full={props.id}
    >
      {copied ? "copied" : short}
    </button>
  );
}
