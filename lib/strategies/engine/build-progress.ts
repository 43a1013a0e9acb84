import type { StepRecord } from "../types";

/** How many output lines of a failed step a failed build's error ends with. */
export const FAILURE_LOG_LINES = 20;

/** The step, or other build graph node, that failed, with its last output lines. */
export interface BuildFailure {
  /** The Dockerfile step as the builder names it, absent when the failure was outside a step. */
  step?: string;
  /** The name of what failed, such as the step or "[internal] load metadata for ...". */
  name: string;
  lines: string[];
}

/** Steps and failures gathered from a build's progress messages while the stream is read. */
export interface BuildProgress {
  /** Steps in position order, as last emitted. */
  steps(): StepRecord[];
  failure(): BuildFailure | undefined;
  /** Ends the steps still running at `at`, with `reason`, such as "cancelled", as their error. */
  finish(at: Date, reason?: string): void;
}

/** Keeps the last FAILURE_LOG_LINES entries of `lines`, in place. */
export function keepLastLines(lines: string[], line: string): void {
  lines.push(line);
  if (lines.length > FAILURE_LOG_LINES) lines.splice(0, lines.length - FAILURE_LOG_LINES);
}
