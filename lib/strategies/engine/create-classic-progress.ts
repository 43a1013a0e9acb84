import type { RunEventSink, StepRecord } from "../types";
import { keepLastLines, type BuildFailure, type BuildProgress } from "./build-progress";

export interface ClassicProgress extends BuildProgress {
  /** Handles the `stream` text of one message. A line may be split across messages. */
  handleText(text: string, at: Date): void;
  /** Containers the builder reported as "Running in" and not as removed. */
  leftoverContainers(): string[];
  /** Images the builder committed for steps that were not cache hits, oldest first. */
  committedImages(): string[];
}

interface OpenStep {
  record: StepRecord;
  instruction: string;
  lines: string[];
}

const STEP_LINE = /^Step (\d+)\/(\d+) : (\S+)/;
const RUNNING_IN = /^ ---> Running in ([0-9a-f]+)$/;
const STEP_IMAGE = /^ ---> ([0-9a-f]{12,64})$/;
const REMOVING = /^Removing intermediate container ([0-9a-f]+)$/;
const BUILDER_LINE = /^( ---> |Removing intermediate container |Successfully built |Successfully tagged )/;
// The classic builder wraps a step's stderr in red: ESC[91m ... ESC[0m.
const STDERR_START = "\u001b[91m";
const ANSI_SGR = /\u001b\[[0-9;]*m/g;

/**
 * Follows the classic builder's text output. Steps start at their "Step N/M : ..." line and end
 * at the next step's line or at `finish`, timed by the arrival of those lines, so a step's time
 * includes the transfer of its output. " ---> Using cache" marks a step as a cache hit.
 */
export function createClassicProgress(emit: RunEventSink): ClassicProgress {
  const steps: StepRecord[] = [];
  const running = new Set<string>();
  const removed = new Set<string>();
  const images: string[] = [];
  let current: OpenStep | undefined;
  let failed: OpenStep | undefined;
  let pending = "";
  let pendingStream: "stdout" | "stderr" = "stdout";

  function emitStep(step: StepRecord) {
    emit({ type: "step", step: { ...step } });
  }

  function endCurrent(at: Date, reason?: string) {
    if (!current) return;
    current.record.endedAt = at;
    if (reason) {
      current.record.error = reason;
      failed = current;
    }
    emitStep(current.record);
    current = undefined;
  }

  function handleLine(line: string, stream: "stdout" | "stderr", at: Date) {
    const stepMatch = STEP_LINE.exec(line);
    if (stepMatch) {
      endCurrent(at);
      current = {
        record: { position: steps.length, name: line, cached: false, startedAt: at },
        instruction: stepMatch[3].toUpperCase(),
        lines: [],
      };
      steps.push(current.record);
      emitStep(current.record);
      emit({ type: "log", at, stream: "system", text: line });
      return;
    }

    if (BUILDER_LINE.test(line)) {
      emit({ type: "log", at, stream: "system", text: line });
      if (line === " ---> Using cache" && current) {
        current.record.cached = true;
        emitStep(current.record);
      }
      const runningIn = RUNNING_IN.exec(line)?.[1];
      if (runningIn) running.add(runningIn);
      const removing = REMOVING.exec(line)?.[1];
      if (removing) removed.add(removing);
      const image = STEP_IMAGE.exec(line)?.[1];
      if (image && current && !current.record.cached && current.instruction !== "FROM") images.push(image);
      return;
    }

    if (current) keepLastLines(current.lines, line);
    emit({ type: "log", at, stream, text: line });
  }

  return {
    handleText(text, at) {
      if (text.includes(STDERR_START)) pendingStream = "stderr";
      pending += text.replace(ANSI_SGR, "");

      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) handleLine(line.replace(/\r$/, ""), pendingStream, at);
      // The reset ESC[0m follows the newline, so the colour ends with the lines it wrapped.
      if (!pending) pendingStream = "stdout";
    },

    leftoverContainers: () => [...running].filter((id) => !removed.has(id)),

    committedImages: () => [...images],

    steps: () => steps.map((step) => ({ ...step })),

    failure(): BuildFailure | undefined {
      if (!failed) return undefined;
      return { step: failed.record.name, name: failed.record.name, lines: [...failed.lines] };
    },

    finish(at, reason) {
      if (pending) handleLine(pending, pendingStream, at);
      pending = "";
      endCurrent(at, reason);
    },
  };
}
