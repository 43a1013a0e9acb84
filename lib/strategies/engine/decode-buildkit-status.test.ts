import { describe, expect, it } from "vitest";
import { decodeBuildkitStatus, type BuildkitStatus } from "./decode-buildkit-status";
import { readFixture } from "./fixtures/open-fixture";

function decodeFixture(name: string): BuildkitStatus[] {
  return readFixture(name)
    .split("\r\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((message) => message.id === "moby.buildkit.trace")
    .map((message) => decodeBuildkitStatus(message.aux));
}

describe("decodeBuildkitStatus", () => {
  it("decodes vertexes with names, inputs and times", () => {
    const statuses = decodeFixture("buildkit-first-build.jsonl");
    const vertexes = statuses.flatMap((status) => status.vertexes);
    const run = vertexes.filter((vertex) => vertex.name === "[3/4] RUN echo building && cat /hello.txt");

    expect(run.length).toBeGreaterThan(0);
    const completed = run.find((vertex) => vertex.completed);
    expect(completed?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(completed?.inputs).toHaveLength(1);
    expect(completed?.cached).toBe(false);
    expect(completed?.started).toBeInstanceOf(Date);
    expect(completed!.completed!.getTime()).toBeGreaterThanOrEqual(completed!.started!.getTime());
    expect(completed?.error).toBeUndefined();
  });

  it("decodes vertex logs with their stream", () => {
    const logs = decodeFixture("buildkit-first-build.jsonl").flatMap((status) => status.logs);

    expect(logs.map((log) => [log.stream, log.data.toString()])).toEqual([
      [1, "building\n"],
      [1, "hello\n"],
      [2, "second\n"],
    ]);
    expect(logs[0].vertex).toMatch(/^sha256:/);
    expect(logs[0].timestamp).toBeInstanceOf(Date);
  });

  it("decodes statuses of the export", () => {
    const statuses = decodeFixture("buildkit-first-build.jsonl").flatMap((status) => status.statuses);

    expect(statuses.map((status) => status.id)).toContain("exporting layers");
    expect(statuses.some((status) => status.id.startsWith("writing image sha256:"))).toBe(true);
  });

  it("decodes cached flags", () => {
    const vertexes = decodeFixture("buildkit-cached-build.jsonl").flatMap((status) => status.vertexes);
    const copy = vertexes.filter((vertex) => vertex.name === "[2/4] COPY hello.txt /hello.txt");

    expect(copy.some((vertex) => vertex.cached)).toBe(true);
  });

  it("decodes a vertex error", () => {
    const vertexes = decodeFixture("buildkit-failed-step.jsonl").flatMap((status) => status.vertexes);
    const failed = vertexes.filter((vertex) => vertex.error);

    expect(failed).toHaveLength(1);
    expect(failed[0].name).toMatch(/^\[3\/4\] RUN /);
    expect(failed[0].error).toMatch(/exit code: 3$/);
  });

  it("decodes an empty message", () => {
    expect(decodeBuildkitStatus("")).toEqual({ vertexes: [], statuses: [], logs: [] });
  });

  it("throws on invalid bytes", () => {
    expect(() => decodeBuildkitStatus(Buffer.from([0x0a, 0xff, 0xff, 0xff]).toString("base64"))).toThrow();
  });
});
