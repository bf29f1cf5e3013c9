import type { TopicStatus } from "../gateway/use-topic.ts";

/** Whether the page is following the gateway live. */
export function LiveBadge(props: { status: TopicStatus }) {
  const text =
    props.status === "live"
      ? "live"
      : props.status === "connecting"
        ? "connecting"
        : "reconnecting";
  return (
    <span
      class={`badge ${props.status === "live" ? "good" : "wait"}`}
      data-testid="live"
      data-status={props.status}
    >
      {text}
    </span>
  );
}
