import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { RunEvent, StepRecord } from "../types";
import { openFixture, readInstructions } from "./fixtures/open-fixture";
import { followBuildStream, type EngineBuilder } from "./follow-build-stream";

async function follow(fixture: string, builder: EngineBuilder, signal?: AbortSignal) {
  const events: RunEvent[] = [];
  const result = await followBuildStream(openFixture(fixture), builder, (event) => events.push(event), signal);
  const logs = events.flatMap((event) => (event.type === "log" ? [event] : []));
  const stepEvents = events.flatMap((event) => (event.type === "step" ? [event.step] : []));
  return { result, events, logs, stepEvents };
}

/** Step names as BuildKit gives them for a single-stage Dockerfile: "[2/4] RUN ...". */
function buildkitNames(dockerfile: string): string[] {
  const instructions = readInstructions(dockerfile);
  return instructions.map((instruction, index) => `[${index + 1}/${instructions.length}] ${instruction}`);
}

/** Step names as the classic builder gives them: "Step 2/4 : RUN ...". */
function classicNames(dockerfile: string): string[] {
  const instructions = readInstructions(dockerfile);
  return instructions.map((instruction, index) => `Step ${index + 1}/${instructions.length} : ${instruction}`);
}

function expectTimed(steps: StepRecord[]) {
  for (const step of steps) {
    expect(step.startedAt, step.name).toBeInstanceOf(Date);
    expect(step.endedAt, step.name).toBeInstanceOf(Date);
    expect(step.endedAt!.getTime(), step.name).toBeGreaterThanOrEqual(step.startedAt!.getTime());
  }
}

describe("followBuildStream with BuildKit", () => {
  it("maps steps, times and image id", async () => {
    const { result } = await follow("buildkit-first-build.jsonl", "buildkit");

    expect(result.status).toBe("succeeded");
    expect(result.imageId).toBe("sha256:a675bbfc71673312a63c252ab7f4cbf8b2f4594f2b67f6992ae103a0da928e9b");
    expect(result.steps.map((step) => step.name)).toEqual(buildkitNames("steps.Dockerfile"));
    expect(result.steps.map((step) => step.position)).toEqual([0, 1, 2, 3]);
    expect(result.steps.map((step) => step.cached)).toEqual([false, false, false, false]);
    expectTimed(result.steps);
    expect(result.error).toBeUndefined();
  });

  it("uses BuildKit's own step times", async () => {
    const { result } = await follow("buildkit-first-build.jsonl", "buildkit");
    const run = result.steps[2];

    // Times of the "[3/4] RUN" vertex in the recording, at millisecond precision.
    expect(run.startedAt?.toISOString()).toBe("2026-12-04T20:13:58.946Z");
    expect(run.endedAt?.toISOString()).toBe("2026-12-04T20:13:59.102Z");
  });

  it("marks cached steps", async () => {
    const { result } = await follow("buildkit-cached-build.jsonl", "buildkit");

    expect(result.status).toBe("succeeded");
    expect(result.steps.map((step) => step.name)).toEqual(buildkitNames("steps.Dockerfile"));
    expect(result.steps.slice(1).map((step) => step.cached)).toEqual([true, true, true]);
    expectTimed(result.steps);
  });

  it("logs internal vertexes without steps", async () => {
    const { result, logs } = await follow("buildkit-first-build.jsonl", "buildkit");
    const texts = logs.map((log) => log.text);

    expect(result.steps.some((step) => step.name.startsWith("[internal]"))).toBe(false);
    expect(texts).toContain("#1 [internal] load remote build context");
    expect(texts.some((text) => /^#\d+ \[internal\] load metadata for localhost:5000\/buildlab\/busybox:lab$/.test(text))).toBe(true);
    expect(texts.some((text) => /^#\d+ exporting to image$/.test(text))).toBe(true);
  });

  it("logs vertex output by stream", async () => {
    const { logs } = await follow("buildkit-first-build.jsonl", "buildkit");
    const output = logs.filter((log) => log.stream !== "system").map((log) => [log.stream, log.text]);

    expect(output).toEqual([
      ["stdout", "#6 building"],
      ["stdout", "#6 hello"],
      ["stderr", "#7 second"],
    ]);
  });

  it("emits steps at start and end", async () => {
    const { stepEvents } = await follow("buildkit-first-build.jsonl", "buildkit");
    const run = stepEvents.filter((step) => step.position === 2);

    expect(run.length).toBeGreaterThanOrEqual(2);
    expect(run[0].endedAt).toBeUndefined();
    expect(run.at(-1)?.endedAt).toBeInstanceOf(Date);
  });

  it("names stages in a multi-stage build", async () => {
    const { result } = await follow("buildkit-multi-stage.jsonl", "buildkit");

    // Both stages start FROM the same image, which BuildKit runs as one vertex, named after the first stage.
    expect(result.steps.map((step) => step.name)).toEqual([
      "[build 1/3] FROM localhost:5000/buildlab/busybox:lab",
      "[build 2/3] RUN echo compiled > /out.txt",
      "[build 3/3] COPY hello.txt /in.txt",
      "[stage-1 2/3] COPY --from=build /out.txt /out.txt",
      "[stage-1 3/3] RUN cat /out.txt",
    ]);
    expect(result.status).toBe("succeeded");
  });

  it("fails with step and last lines", async () => {
    const { result } = await follow("buildkit-failed-step.jsonl", "buildkit");
    const failing = buildkitNames("failing-step.Dockerfile")[2];

    expect(result.status).toBe("failed");
    expect(result.failedStep).toBe(failing);
    expect(result.imageId).toBeUndefined();
    const [message, output] = result.error!.split("\n\n");
    expect(message).toMatch(/^executor failed running \[\/bin\/sh -c for i in .*\]: exit code: 3$/);
    const lines = output.split("\n");
    expect(lines[0]).toBe(`Last output of ${failing}:`);
    expect(lines.slice(1)).toEqual(Array.from({ length: 20 }, (_, index) => `line ${index + 6}`));
  });

  it("records the failed step's error", async () => {
    const { result } = await follow("buildkit-failed-step.jsonl", "buildkit");

    expect(result.steps).toHaveLength(3);
    expect(result.steps[2].error).toMatch(/exit code: 3$/);
    expect(result.steps[1].error).toBeUndefined();
  });

  it("fails on a parse error", async () => {
    const { result } = await follow("buildkit-parse-error.jsonl", "buildkit");

    expect(result.status).toBe("failed");
    expect(result.error).toContain("dockerfile parse error line 2: unknown instruction: RUNN");
    expect(result.failedStep).toBeUndefined();
    expect(result.steps).toEqual([]);
  });

  it("returns cancelled after abort", async () => {
    const controller = new AbortController();
    controller.abort();
    const { result } = await follow("buildkit-cancelled.jsonl", "buildkit", controller.signal);
    const sleep = result.steps.find((step) => step.name.includes("sleep 30"));

    expect(result.status).toBe("cancelled");
    expect(sleep?.error).toBe("cancelled");
    expect(sleep?.endedAt).toBeInstanceOf(Date);
  });

  it("fails without an image id", async () => {
    const { result } = await follow("buildkit-cancelled.jsonl", "buildkit");

    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/without an error and without an image ID/);
  });
});

describe("followBuildStream with the classic builder", () => {
  it("maps Step lines to steps", async () => {
    const { result } = await follow("classic-first-build.jsonl", "classic");

    expect(result.status).toBe("succeeded");
    expect(result.imageId).toBe("sha256:22de39d54a46bcb0303d68647dde0aaf61c028ebe96829cf043a5ef31920ba16");
    expect(result.steps.map((step) => step.name)).toEqual(classicNames("steps.Dockerfile"));
    expect(result.steps.map((step) => step.cached)).toEqual([false, false, false, false]);
    expectTimed(result.steps);
  });

  it("marks Using cache steps cached", async () => {
    const { result } = await follow("classic-cached-build.jsonl", "classic");

    expect(result.steps.map((step) => step.cached)).toEqual([false, true, true, true]);
    expect(result.intermediateImages).toEqual([]);
  });

  it("lists committed images", async () => {
    const { result } = await follow("classic-first-build.jsonl", "classic");

    expect(result.intermediateImages).toEqual(["1b2462dad874", "32c2784e27bc", "22de39d54a46"]);
    expect(result.intermediateContainers).toEqual([]);
  });

  it("separates stderr and builder lines", async () => {
    const { logs } = await follow("classic-first-build.jsonl", "classic");
    const byText = new Map(logs.map((log) => [log.text, log.stream]));

    expect(byText.get("second")).toBe("stderr");
    expect(byText.get("building")).toBe("stdout");
    expect(byText.get("Step 2/4 : COPY hello.txt /hello.txt")).toBe("system");
    expect(byText.get("Successfully built 22de39d54a46")).toBe("system");
    expect([...byText.keys()].some((text) => text.includes("\u001b"))).toBe(false);
  });

  it("fails with step and last lines", async () => {
    const { result } = await follow("classic-failed-step.jsonl", "classic");
    const failing = classicNames("failing-step.Dockerfile")[2];

    expect(result.status).toBe("failed");
    expect(result.failedStep).toBe(failing);
    const [message, output] = result.error!.split("\n\n");
    expect(message).toMatch(/^The command '\/bin\/sh -c for i in .*' returned a non-zero code: 3$/);
    expect(output.split("\n").slice(1)).toEqual(Array.from({ length: 20 }, (_, index) => `line ${index + 6}`));
    expect(result.steps[2].error).toBe(message);
    expect(result.intermediateImages).toEqual(["2bddfbf563b3"]);
  });

  it("counts multi-stage instructions", async () => {
    const { result } = await follow("classic-multi-stage.jsonl", "classic");

    expect(result.steps.map((step) => step.name)).toEqual(classicNames("multi-stage.Dockerfile"));
    expect(result.imageId).toBe("sha256:b81202f5e3bd764d929324f1fc50d9b1644cf49b919233eecdf17f74c16f8398");
  });

  it("reports a cancelled build's container", async () => {
    const controller = new AbortController();
    controller.abort();
    const { result } = await follow("classic-cancelled.jsonl", "classic", controller.signal);

    expect(result.status).toBe("cancelled");
    expect(result.intermediateContainers).toEqual(["8c114d3340d8"]);
    expect(result.steps[1].error).toBe("cancelled");
  });
});

describe("followBuildStream with a broken stream", () => {
  it("fails on a stream error", async () => {
    async function* broken() {
      yield Buffer.from('{"stream":"Step 1/2 : FROM localhost:5000/buildlab/busybox:lab\\n"}\r\n');
      throw new Error("read ECONNRESET");
    }

    const result = await followBuildStream(broken(), "classic", () => {});

    expect(result.status).toBe("failed");
    expect(result.error).toBe("the Docker Engine build stream failed: read ECONNRESET");
    expect(result.steps[0].error).toBe(result.error);
  });

  it("logs unreadable lines and goes on", async () => {
    const events: RunEvent[] = [];
    const stream = Readable.from(['garbage\r\n{"aux":{"ID":"sha256:abc"}}\r\n']);

    const result = await followBuildStream(stream, "classic", (event) => events.push(event));

    expect(result).toMatchObject({ status: "succeeded", imageId: "sha256:abc" });
    expect(events).toContainEqual(expect.objectContaining({ type: "log", text: expect.stringMatching(/^Unreadable line from the Docker Engine .*: garbage$/) }));
  });

  it("skips undecodable BuildKit messages", async () => {
    const events: RunEvent[] = [];
    const stream = Readable.from(['{"id":"moby.buildkit.trace","aux":"CgX/"}\r\n{"id":"moby.image.id","aux":{"ID":"sha256:abc"}}\r\n']);

    const result = await followBuildStream(stream, "buildkit", (event) => events.push(event));

    expect(result.status).toBe("succeeded");
    expect(events).toContainEqual(expect.objectContaining({ type: "log", text: expect.stringMatching(/^Undecodable BuildKit progress message/) }));
  });

  it("fails on error after image id", async () => {
    const stream = Readable.from(['{"aux":{"ID":"sha256:abc"}}\r\n{"errorDetail":{"message":"disk full"},"error":"disk full"}\r\n']);

    const result = await followBuildStream(stream, "classic", () => {});

    expect(result).toMatchObject({ status: "failed", error: "disk full" });
  });
});
