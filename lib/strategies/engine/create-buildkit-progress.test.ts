import { describe, expect, it } from "vitest";
import type { RunEvent } from "../types";
import { createBuildkitProgress } from "./create-buildkit-progress";
import type { BuildkitVertex } from "./decode-buildkit-status";

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, ms));

function vertex(digest: string, name: string, fields: Partial<BuildkitVertex> = {}): BuildkitVertex {
  return { digest, inputs: [], name, cached: false, ...fields };
}

describe("createBuildkitProgress", () => {
  it("ignores cancelled steps in failure", () => {
    const progress = createBuildkitProgress(() => {});

    progress.handle({
      vertexes: [
        vertex("sha256:a", "[build 2/2] RUN sleep 5", { started: at(0), completed: at(90), error: "context canceled" }),
        vertex("sha256:b", "[stage-1 2/2] RUN exit 1", { started: at(0), completed: at(80), error: "exit code: 1" }),
      ],
      statuses: [],
      logs: [{ vertex: "sha256:b", stream: 2, timestamp: at(50), data: Buffer.from("boom\n") }],
    });

    expect(progress.failure()).toEqual({ step: "[stage-1 2/2] RUN exit 1", name: "[stage-1 2/2] RUN exit 1", lines: ["boom"] });
  });

  it("joins split and redrawn lines", () => {
    const events: RunEvent[] = [];
    const progress = createBuildkitProgress((event) => events.push(event));

    progress.handle({ vertexes: [vertex("sha256:a", "[1/1] RUN download", { started: at(0) })], statuses: [], logs: [] });
    progress.handle({ vertexes: [], statuses: [], logs: [{ vertex: "sha256:a", stream: 1, data: Buffer.from("10%\r50%\r100") }] });
    progress.handle({ vertexes: [], statuses: [], logs: [{ vertex: "sha256:a", stream: 1, data: Buffer.from("%\ndone") }] });
    progress.finish(at(100));

    const output = events.flatMap((event) => (event.type === "log" && event.stream === "stdout" ? [event.text] : []));
    expect(output).toEqual(["#1 100%", "#1 done"]);
  });

  it("ends running steps at finish", () => {
    const events: RunEvent[] = [];
    const progress = createBuildkitProgress((event) => events.push(event));

    progress.handle({
      vertexes: [
        vertex("sha256:a", "[1/2] FROM localhost:5000/buildlab/busybox:lab", { started: at(0), completed: at(1), cached: true }),
        vertex("sha256:b", "[2/2] RUN sleep 30", { started: at(2) }),
      ],
      statuses: [],
      logs: [],
    });
    progress.finish(at(500), "cancelled");

    expect(progress.steps()).toEqual([
      { position: 0, name: "[1/2] FROM localhost:5000/buildlab/busybox:lab", cached: true, startedAt: at(0), endedAt: at(1), error: undefined },
      { position: 1, name: "[2/2] RUN sleep 30", cached: false, startedAt: at(2), endedAt: at(500), error: "cancelled" },
    ]);
    expect(events.at(-1)).toEqual({ type: "step", step: progress.steps()[1] });
  });

  it("skips steps that never started", () => {
    const events: RunEvent[] = [];
    const progress = createBuildkitProgress((event) => events.push(event));

    progress.handle({ vertexes: [vertex("sha256:a", "[2/2] RUN never")], statuses: [], logs: [] });
    progress.finish(at(10));

    expect(events.filter((event) => event.type === "step")).toEqual([]);
    expect(progress.steps()).toEqual([]);
  });
});
