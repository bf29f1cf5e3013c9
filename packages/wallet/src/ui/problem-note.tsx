import type { Problem } from "../gateway/describe-error.ts";

/** A failure told in a sentence, with what to do; announced to screen readers. */
export function ProblemNote(props: { problem: Problem | undefined; testId?: string }) {
  if (props.problem === undefined) return null;
  const { title, fix, code } = props.problem;
  return (
    <div class="problem" role="alert" data-testid={props.testId ?? "problem"} data-code={code}>
      <strong>{title}</strong>
      {fix === undefined ? null : <span> {fix}</span>}
    </div>
  );
}
