import { StringDecoder } from "node:string_decoder";
import type { RunEventSink, StepRecord } from "../types";
import { keepLastLines, type BuildFailure, type BuildProgress } from "./build-progress";
import type { BuildkitStatus, BuildkitVertex, BuildkitVertexLog } from "./decode-buildkit-status";
import { parseStepName } from "./parse-step-name";

export interface BuildkitProgress extends BuildProgress {
  handle(status: BuildkitStatus): void;
}

interface VertexState {
  /** Order of first appearance from 1, used as the "#N" prefix of log lines, as `--progress=plain` does. */
  number: number;
  name: string;
  announced: boolean;
  cachedLogged: boolean;
  completedMs?: number;
  error?: string;
  step?: StepRecord;
  lines: string[];
  output: Map<"stdout" | "stderr", { decoder: StringDecoder; pending: string }>;
}

/**
 * Follows BuildKit's progress. Vertexes named as Dockerfile steps become `step` events with
 * BuildKit's own start and end times, and every vertex's start, end and output become `log`
 * events. A step is emitted when it starts and again whenever it changes, with the same position.
 *
 * NOTE: BuildKit runs identical steps of different stages as one vertex, named after the first
 * stage, and skips stages the result does not need, so there can be fewer steps than instructions.
 */
export function createBuildkitProgress(emit: RunEventSink, now: () => Date = () => new Date()): BuildkitProgress {
  const vertexes = new Map<string, VertexState>();
  const steps: StepRecord[] = [];
  const completedStatuses = new Set<string>();

  function stateOf(digest: string): VertexState {
    let state = vertexes.get(digest);
    if (!state) {
      state = { number: vertexes.size + 1, name: "", announced: false, cachedLogged: false, lines: [], output: new Map() };
      vertexes.set(digest, state);
    }
    return state;
  }

  function log(at: Date, stream: "stdout" | "stderr" | "system", text: string) {
    emit({ type: "log", at, stream, text });
  }

  function updateStep(state: VertexState, vertex: BuildkitVertex) {
    if (!state.step) {
      if (!vertex.started || !parseStepName(vertex.name)) return;
      state.step = { position: steps.length, name: vertex.name, cached: false };
      steps.push(state.step);
    }

    const step = state.step;
    const changed =
      step.cached !== vertex.cached ||
      step.startedAt?.getTime() !== vertex.started?.getTime() ||
      step.endedAt?.getTime() !== vertex.completed?.getTime() ||
      step.error !== vertex.error;
    if (!changed) return;

    step.cached = vertex.cached;
    step.startedAt = vertex.started;
    step.endedAt = vertex.completed;
    step.error = vertex.error;
    emit({ type: "step", step: { ...step } });
  }

  function handleVertex(vertex: BuildkitVertex) {
    const state = stateOf(vertex.digest);
    state.name = vertex.name || state.name;

    if (vertex.started && !state.announced) {
      state.announced = true;
      log(vertex.started, "system", `#${state.number} ${state.name}`);
    }
    if (vertex.cached && !state.cachedLogged) {
      state.cachedLogged = true;
      log(vertex.completed ?? vertex.started ?? now(), "system", `#${state.number} CACHED`);
    }
    if (vertex.completed && vertex.completed.getTime() !== state.completedMs) {
      state.completedMs = vertex.completed.getTime();
      if (vertex.error) {
        log(vertex.completed, "system", `#${state.number} ERROR: ${vertex.error}`);
      } else if (!vertex.cached && vertex.started) {
        const seconds = (vertex.completed.getTime() - vertex.started.getTime()) / 1000;
        log(vertex.completed, "system", `#${state.number} DONE ${seconds.toFixed(1)}s`);
      }
    }
    if (vertex.error) state.error = vertex.error;

    updateStep(state, vertex);
  }

  function writeLine(state: VertexState, stream: "stdout" | "stderr", at: Date, rawLine: string) {
    // Progress bars redraw a line with carriage returns, so keep the last redraw, as a terminal shows it.
    const line = rawLine.replace(/\r+$/, "").split("\r").at(-1) ?? "";
    keepLastLines(state.lines, line);
    log(at, stream, `#${state.number} ${line}`);
  }

  function handleLog(entry: BuildkitVertexLog) {
    const state = stateOf(entry.vertex);
    const stream = entry.stream === 2 ? "stderr" : "stdout";
    const at = entry.timestamp ?? now();

    let output = state.output.get(stream);
    if (!output) {
      output = { decoder: new StringDecoder("utf8"), pending: "" };
      state.output.set(stream, output);
    }
    output.pending += output.decoder.write(entry.data);

    const lines = output.pending.split("\n");
    output.pending = lines.pop() ?? "";
    for (const line of lines) writeLine(state, stream, at, line);
  }

  return {
    handle(status) {
      for (const vertex of status.vertexes) handleVertex(vertex);

      for (const entry of status.statuses) {
        const key = `${entry.vertex} ${entry.id}`;
        if (!entry.completed || completedStatuses.has(key)) continue;
        completedStatuses.add(key);
        log(entry.completed, "system", `#${stateOf(entry.vertex).number} ${entry.id} done`);
      }

      for (const entry of status.logs) handleLog(entry);
    },

    steps: () => steps.map((step) => ({ ...step })),

    failure(): BuildFailure | undefined {
      const failed = [...vertexes.values()].filter((state) => state.error);
      // When one step fails, BuildKit cancels the steps running beside it with "context canceled".
      const cause = failed.find((state) => !/context canceled/i.test(state.error ?? "")) ?? failed[0];
      if (!cause) return undefined;
      return { step: cause.step?.name, name: cause.name, lines: [...cause.lines] };
    },

    finish(at, reason) {
      for (const state of vertexes.values()) {
        for (const [stream, output] of state.output) {
          const rest = output.pending + output.decoder.end();
          output.pending = "";
          if (rest) writeLine(state, stream, at, rest);
        }
      }

      for (const step of steps) {
        if (step.endedAt) continue;
        step.endedAt = at;
        if (reason) step.error = reason;
        emit({ type: "step", step: { ...step } });
      }
    },
  };
}
