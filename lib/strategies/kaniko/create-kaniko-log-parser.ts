import type { PhaseName, RunEventSink, StepRecord } from "../types";
import type { LogLine } from "./parse-log-line";

// Messages of github.com/chainguard-dev/kaniko v1.25.1 that mark where the build is, as read from
// captured output (fixtures/*.log). Instructions are logged with their Dockerfile text.
const INSTRUCTION = /^(ADD|ARG|CMD|COPY|ENTRYPOINT|ENV|EXPOSE|HEALTHCHECK|LABEL|MAINTAINER|ONBUILD|RUN|SHELL|STOPSIGNAL|USER|VOLUME|WORKDIR)\s/i;
const STDIN_PROMPT = /^To simulate EOF and exit, press/;
const CACHED_COMMAND = /^Using caching version of cmd: (.*)$/s;
const FOUND_CACHED_LAYER = /^Found cached layer, extracting to filesystem/;
const BUILDING_STAGE = /^Building stage '.*' \[idx: '(\d+)'/;
const BETWEEN_STAGES = /^(Saving file |Deleting filesystem|Storing source image )/;
const PUSHING_IMAGE = /^Pushing image to (\S+)$/;
const PUSHED_IMAGE = /^Pushed (\S+)@(sha256:[0-9a-f]{64})$/;
const SKIPPING_PUSH = /^Skipping push to container registry/;
// The executor's main prints the error that ends it without logrus fields, such as
// "error building image: error building stage: failed to execute command: ...". Invalid flags
// give cobra's "Error: unknown flag: --x" followed by the usage text.
const TOP_LEVEL_ERROR = /^(error [a-z][^:]*: |Error: )/;
const USAGE_START = /^Usage:$/;
const ERROR_LEVELS = new Set(["error", "fatal", "panic"]);

const LAST_LINES_KEPT = 20;

export type KanikoStage = "waiting" | "context" | "base" | "build" | "push" | "done";
const STAGE_ORDER: readonly KanikoStage[] = ["waiting", "context", "base", "build", "push", "done"];

export interface KanikoLogSummary {
  steps: StepRecord[];
  /** The step that was running when the build failed. */
  failedStep?: string;
  /** Stage the build was in when it failed. */
  failedIn?: KanikoStage;
  /** The last error the executor printed. */
  errorMessage?: string;
  /** Manifest digest from the executor's "Pushed" line for the destination. */
  pushedDigest?: string;
  /** The last lines of output, for error messages. */
  lastLines: string[];
}

export interface KanikoLogParserOptions {
  /** Image references passed as --destination; pushes to other references are cache layers. */
  destinations: readonly string[];
  emit: RunEventSink;
  now?: () => Date;
}

/**
 * Turns the executor's output, line by line, into the `context`, `base`, `build` and `push` phases
 * and one step per Dockerfile instruction, emitted as they end.
 *
 * Times come from the container runtime's timestamp on each line when present (nanoseconds), and
 * otherwise from the executor's own `time=` field, which logrus prints to the second only.
 * `base` runs from the end of the context upload to the first instruction, so it covers the
 * manifest fetch and the unpacking of the first stage's base image. Later stages unpack their base
 * between steps, inside `build`.
 */
export function createKanikoLogParser(options: KanikoLogParserOptions) {
  const now = options.now ?? (() => new Date());
  const destinationRepos = new Set(options.destinations.map(repositoryOf));
  const steps: StepRecord[] = [];
  const cachedCommands = new Set<string>();
  const lastLines: string[] = [];

  let stage: KanikoStage = "waiting";
  let openPhase: PhaseName | undefined;
  let lastAt = new Date(0);
  let stageIndex = 0;
  let openStep: StepRecord | undefined;
  let errorMessage: string | undefined;
  let errorAt: Date | undefined;
  let errorStage: KanikoStage | undefined;
  let errorStep: string | undefined;
  let pushedDigest: string | undefined;
  let inUsage = false;

  function monotonic(at: Date): Date {
    if (at.getTime() < lastAt.getTime()) return lastAt;
    lastAt = at;
    return at;
  }

  function phase(type: "phase-start" | "phase-end", name: PhaseName, at: Date): void {
    options.emit({ type, phase: name, at });
  }

  function closeStep(at: Date, error?: string): void {
    if (!openStep) return;
    const step: StepRecord = { ...openStep, endedAt: at, ...(error ? { error } : {}) };
    steps.push(step);
    options.emit({ type: "step", step });
    openStep = undefined;
  }

  function endOpenPhase(at: Date): void {
    if (!openPhase) return;
    phase("phase-end", openPhase, at);
    openPhase = undefined;
  }

  /**
   * Moves forward to `target`, ending the open phase and starting the ones passed through.
   * `context` starts only through startContext, so the parser also reads logs of runs without it.
   */
  function advance(target: KanikoStage, at: Date): void {
    while (STAGE_ORDER.indexOf(stage) < STAGE_ORDER.indexOf(target)) {
      endOpenPhase(at);
      stage = STAGE_ORDER[STAGE_ORDER.indexOf(stage) + 1];
      if (stage === "base" || stage === "build" || stage === "push") {
        phase("phase-start", stage, at);
        openPhase = stage;
      }
    }
  }

  function handleMessage(message: string, level: string, at: Date): void {
    if (stage === "waiting" || stage === "context") {
      if (STDIN_PROMPT.test(message)) return;
      advance("base", at);
    }

    if (ERROR_LEVELS.has(level)) {
      recordError(message, at);
      return;
    }

    const stageMatch = BUILDING_STAGE.exec(message);
    if (stageMatch) {
      closeStep(at);
      stageIndex = Number(stageMatch[1]);
      return;
    }

    const cachedMatch = CACHED_COMMAND.exec(message);
    if (cachedMatch) {
      cachedCommands.add(cachedMatch[1]);
      return;
    }

    if (INSTRUCTION.test(message) && (stage === "base" || stage === "build")) {
      closeStep(at);
      advance("build", at);
      openStep = {
        position: steps.length,
        name: stageIndex > 0 ? `[stage ${stageIndex}] ${message}` : message,
        cached: cachedCommands.has(message),
        startedAt: at,
      };
      return;
    }

    if (FOUND_CACHED_LAYER.test(message)) {
      if (openStep) openStep.cached = true;
      return;
    }

    if (BETWEEN_STAGES.test(message)) {
      closeStep(at);
      return;
    }

    const pushing = PUSHING_IMAGE.exec(message);
    if (pushing && destinationRepos.has(repositoryOf(pushing[1])) && stage !== "push" && stage !== "done") {
      closeStep(at);
      advance("push", at);
      return;
    }

    const pushed = PUSHED_IMAGE.exec(message);
    if (pushed && destinationRepos.has(repositoryOf(pushed[1]))) {
      pushedDigest = pushed[2];
      if (stage === "push") advance("done", at);
      return;
    }

    if (SKIPPING_PUSH.test(message)) {
      closeStep(at);
      advance("build", at);
      endOpenPhase(at);
      stage = "done";
    }
  }

  function recordError(message: string, at: Date): void {
    errorMessage = message;
    errorAt = at;
    errorStage = stage;
    errorStep = openStep?.name;
  }

  return {
    /** Starts the `context` phase; the first executor line after its stdin prompt ends it. */
    startContext(at: Date = now()): void {
      if (stage !== "waiting") return;
      stage = "context";
      openPhase = "context";
      phase("phase-start", "context", monotonic(at));
    },

    push(line: LogLine): void {
      // The usage text after a flag error would push the error out of the last lines.
      if (errorMessage !== undefined && USAGE_START.test(line.text)) inUsage = true;
      if (!inUsage) {
        lastLines.push(line.text);
        if (lastLines.length > LAST_LINES_KEPT) lastLines.shift();
      }

      const at = monotonic(line.at ?? line.kaniko?.time ?? now());
      if (line.kaniko) {
        handleMessage(line.kaniko.message, line.kaniko.level, at);
      } else if (TOP_LEVEL_ERROR.test(line.text)) {
        if (stage === "waiting" || stage === "context") advance("base", at);
        recordError(line.text, at);
      }
    },

    /** Returns the running step, for messages about a build stopped from outside. */
    runningStep(): string | undefined {
      return openStep?.name;
    },

    /**
     * Ends the open step and phases when the executor has stopped. For a failed build, `failure`
     * describes how it ended. The open step then ends at the executor's last error, when it printed
     * one during that step, and carries that error (or `failure`) as its `error`.
     */
    finish(at: Date, failure?: string): KanikoLogSummary {
      const end = monotonic(at);
      const runningStep = openStep?.name;
      const failedIn = failure ? (errorStage ?? stage) : undefined;
      const errorInStep = errorAt !== undefined && runningStep !== undefined && errorStep === runningStep;
      if (failure) closeStep(errorInStep ? errorAt! : end, errorInStep ? errorMessage : failure);
      else closeStep(end);
      endOpenPhase(end);
      stage = "done";

      return {
        steps,
        failedStep: failure ? (errorStep ?? runningStep) : undefined,
        failedIn,
        errorMessage,
        pushedDigest,
        lastLines: [...lastLines],
      };
    },
  };
}

export type KanikoLogParser = ReturnType<typeof createKanikoLogParser>;

/** Repository of an image reference: without its digest and tag. */
export function repositoryOf(ref: string): string {
  const withoutDigest = ref.split("@")[0];
  const lastSlash = withoutDigest.lastIndexOf("/");
  const lastColon = withoutDigest.lastIndexOf(":");
  return lastColon > lastSlash ? withoutDigest.slice(0, lastColon) : withoutDigest;
}
