import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { RunEvent } from "../types";
import { createKanikoLogParser, repositoryOf } from "./create-kaniko-log-parser";
import { parseLogLine } from "./parse-log-line";

// The fixtures are real output of the executor (github.com/chainguard-dev/kaniko v1.25.1) run with
// --log-format=text --log-timestamp, read back with `docker logs -t`, which prefixes the runtime's
// timestamp as the runners ask for it. The "-plain" ones are the executor's output alone.
function readFixture(name: string) {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
  return text.split("\n").filter((line) => line.length > 0).map(parseLogLine);
}

function parseFixture(name: string, destination: string, failure?: string) {
  const events: RunEvent[] = [];
  const parser = createKanikoLogParser({ destinations: [destination], emit: (event) => events.push(event) });
  const lines = readFixture(name);
  const first = lines[0].at ?? lines[0].kaniko?.time ?? new Date(0);
  parser.startContext(first);
  for (const line of lines) parser.push(line);
  const last = lines.at(-1)!;
  const summary = parser.finish(last.at ?? last.kaniko?.time ?? new Date(0), failure);
  return { events, summary, lines };
}

function phaseEvents(events: RunEvent[]) {
  return events
    .filter((event) => event.type === "phase-start" || event.type === "phase-end")
    .map((event) => `${event.type === "phase-start" ? "start" : "end"} ${"phase" in event ? event.phase : ""}`);
}

describe("createKanikoLogParser", () => {
  it("reads every instruction of a cold build as a step", () => {
    const { summary } = parseFixture("cold-push.log", "localhost:5000/buildlab/kaniko-fixture:cold");

    expect(summary.steps.map((step) => step.name)).toEqual([
      "RUN echo hello > /hello.txt",
      "COPY data.txt /data/data.txt",
      "WORKDIR /data",
      "ENV GREETING=hi",
      "RUN cat /hello.txt /data/data.txt > /data/both.txt",
      'CMD ["cat", "/data/both.txt"]',
    ]);
    expect(summary.steps.map((step) => step.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(summary.steps.every((step) => !step.cached)).toBe(true);
    expect(summary.failedStep).toBeUndefined();
  });

  it("emits context, base, build and push in order, each closed", () => {
    const { events } = parseFixture("cold-push.log", "localhost:5000/buildlab/kaniko-fixture:cold");

    expect(phaseEvents(events)).toEqual([
      "start context",
      "end context",
      "start base",
      "end base",
      "start build",
      "end build",
      "start push",
      "end push",
    ]);
  });

  it("times steps with the runtime's timestamps", () => {
    const { summary, lines } = parseFixture("cold-push.log", "localhost:5000/buildlab/kaniko-fixture:cold");
    const runLine = lines.find((line) => line.kaniko?.message === "RUN echo hello > /hello.txt")!;
    const copyLine = lines.find((line) => line.kaniko?.message === "COPY data.txt /data/data.txt")!;

    expect(summary.steps[0].startedAt).toEqual(runLine.at);
    expect(summary.steps[0].endedAt).toEqual(copyLine.at);
    expect(summary.steps[0].startedAt!.getMilliseconds() + summary.steps[0].endedAt!.getMilliseconds()).toBeGreaterThan(0);
  });

  it("starts push at the destination's push line and reads the digest", () => {
    const { events, summary, lines } = parseFixture("cold-push.log", "localhost:5000/buildlab/kaniko-fixture:cold");
    const pushLine = lines.find((line) => line.kaniko?.message.startsWith("Pushing image to"))!;
    const pushStart = events.find((event) => event.type === "phase-start" && event.phase === "push");

    expect(pushStart?.type).toBe("phase-start");
    expect(pushStart?.type === "phase-start" ? pushStart.at : undefined).toEqual(pushLine.at);
    expect(summary.pushedDigest).toBe("sha256:967f7563caffa7e58e1137934f08bccbf85e16cc22b9bf4cdc32d63d13710115");
  });

  it("ignores pushes of cache layers", () => {
    const { events, summary } = parseFixture("warm-fill.log", "localhost:5000/buildlab/kaniko-fixture:warm");
    const pushStarts = events.filter((event) => event.type === "phase-start" && event.phase === "push");

    expect(pushStarts).toHaveLength(1);
    expect(summary.pushedDigest).toBe("sha256:cfe70c59dacf6038544ecad60abd3cc1e1c905b9dc78be6e3dd87a779f87ebba");
    expect(summary.steps.every((step) => !step.cached)).toBe(true);
  });

  it("marks steps served from the layer cache", () => {
    const { summary } = parseFixture("warm-hit.log", "localhost:5000/buildlab/kaniko-fixture:warm");
    const cached = Object.fromEntries(summary.steps.map((step) => [step.name, step.cached]));

    expect(cached["RUN echo hello > /hello.txt"]).toBe(true);
    expect(cached["RUN cat /hello.txt /data/data.txt > /data/both.txt"]).toBe(true);
    expect(cached["COPY data.txt /data/data.txt"]).toBe(false);
    expect(cached["WORKDIR /data"]).toBe(false);
  });

  it("names the failing step and keeps the executor's error", () => {
    const { summary } = parseFixture(
      "failing-step.log",
      "localhost:5000/buildlab/kaniko-fixture:failing",
      "the executor exited with code 3",
    );
    const failing = summary.steps.find((step) => step.name === "RUN echo failing now && exit 3");

    expect(summary.failedStep).toBe("RUN echo failing now && exit 3");
    expect(summary.failedIn).toBe("build");
    expect(summary.errorMessage).toBe(
      "error building image: error building stage: failed to execute command: waiting for process to exit: exit status 3",
    );
    expect(failing?.error).toBe(
      "error building image: error building stage: failed to execute command: waiting for process to exit: exit status 3",
    );
    expect(summary.steps.find((step) => step.name === "RUN echo step one")?.error).toBeUndefined();
    expect(summary.steps.some((step) => step.name === "RUN echo never")).toBe(false);
    expect(summary.lastLines).toContain("failing now");
  });

  it("reports a missing base image as a failure in base", () => {
    const { summary, events } = parseFixture(
      "missing-base.log",
      "localhost:5000/buildlab/kaniko-fixture:missing",
      "the executor exited with code 1",
    );

    expect(summary.failedIn).toBe("base");
    expect(summary.failedStep).toBeUndefined();
    expect(summary.errorMessage).toContain("MANIFEST_UNKNOWN");
    expect(summary.steps).toEqual([]);
    expect(phaseEvents(events)).toEqual(["start context", "end context", "start base", "end base"]);
  });

  it("prefixes steps of later stages with the stage index", () => {
    const { summary } = parseFixture("multi-stage.log", "localhost:5000/buildlab/kaniko-fixture:multi");

    expect(summary.steps.map((step) => step.name)).toEqual([
      "RUN echo built > /out.txt",
      "[stage 1] COPY --from=builder /out.txt /out.txt",
      "[stage 1] RUN cat /out.txt",
    ]);
  });

  it("ends a stage's last step where the executor saves files for the next stage", () => {
    const { summary, lines } = parseFixture("multi-stage.log", "localhost:5000/buildlab/kaniko-fixture:multi");
    const saving = lines.find((line) => line.kaniko?.message.startsWith("Saving file"))!;

    expect(summary.steps[0].endedAt).toEqual(saving.at);
  });

  it("ends build without push when the executor skips the push", () => {
    const { events, summary } = parseFixture("no-push-plain.log", "localhost:5000/buildlab-kaniko-helper/capture:one");

    expect(phaseEvents(events)).toEqual(["start context", "end context", "start base", "end base", "start build", "end build"]);
    expect(summary.steps).toHaveLength(6);
    expect(summary.pushedDigest).toBeUndefined();
  });

  it("falls back to the executor's own times without runtime timestamps", () => {
    const { summary } = parseFixture("failing-step-plain.log", "localhost:5000/buildlab/x:y", "failed");

    expect(summary.steps[0].startedAt).toEqual(new Date("2026-12-04T20:13:38Z"));
    expect(summary.failedStep).toBe("RUN echo failing now && exit 3");
  });

  it("emits each step once, when it ends", () => {
    const { events, summary } = parseFixture("cold-push.log", "localhost:5000/buildlab/kaniko-fixture:cold");
    const stepEvents = events.filter((event) => event.type === "step");

    expect(stepEvents).toHaveLength(summary.steps.length);
    expect(stepEvents.every((event) => event.type === "step" && event.step.endedAt !== undefined)).toBe(true);
  });

  it("keeps a flag error and drops the usage text", () => {
    const events: RunEvent[] = [];
    const parser = createKanikoLogParser({ destinations: ["r/x:y"], emit: (event) => events.push(event) });
    parser.startContext(new Date("2026-12-04T20:13:38Z"));
    for (const text of ["Error: unknown flag: --bogus", "Usage:", "  executor [flags]", "Flags:", "  -h, --help"]) {
      parser.push(parseLogLine(text));
    }
    const summary = parser.finish(new Date("2026-12-04T20:13:39Z"), "exit code 1");

    expect(summary.errorMessage).toBe("Error: unknown flag: --bogus");
    expect(summary.lastLines).toEqual(["Error: unknown flag: --bogus"]);
  });

  it("keeps phase times from going backwards", () => {
    const events: RunEvent[] = [];
    const parser = createKanikoLogParser({ destinations: ["r/x:y"], emit: (event) => events.push(event) });
    parser.startContext(new Date("2026-12-04T20:13:38.500Z"));
    parser.push(parseLogLine('time="2026-12-04T20:13:38Z" level=info msg="Retrieving image manifest r/base:1"'));
    parser.finish(new Date("2026-12-04T20:13:39Z"));
    const times = events.filter((event) => "at" in event).map((event) => ("at" in event ? event.at.getTime() : 0));

    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe("repositoryOf", () => {
  it.each([
    ["localhost:5000/buildlab/app:run1", "localhost:5000/buildlab/app"],
    ["localhost:5000/buildlab/app@sha256:abc", "localhost:5000/buildlab/app"],
    ["localhost:5000/buildlab/app", "localhost:5000/buildlab/app"],
    ["busybox:1.36", "busybox"],
  ])("returns the repository of %s", (ref, repository) => {
    expect(repositoryOf(ref)).toBe(repository);
  });
});
