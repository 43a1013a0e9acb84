import { describe, expect, it } from "vitest";
import type { RunEvent } from "../types";
import { openFixture } from "./fixtures/open-fixture";
import { followProgressStream } from "./follow-progress-stream";

describe("followProgressStream", () => {
  it("collects the digest aux of a push", async () => {
    const events: RunEvent[] = [];
    const result = await followProgressStream(openFixture("push-succeeded.jsonl"), (event) => events.push(event));

    expect(result.error).toBeUndefined();
    expect(result.aux).toEqual([
      { Tag: "one", Digest: "sha256:c7dd7ac82ff9dd518798b08801072293355f16b76af28b210dc7ae00b2ed2ab4", Size: 528 },
    ]);
    expect(events.map((event) => (event.type === "log" ? event.text : ""))).toContain("a6b809b83932: Preparing");
  });

  it("returns a push's in-band error", async () => {
    const result = await followProgressStream(openFixture("push-unknown-tag.jsonl"), () => {});

    expect(result.error).toBe("tag does not exist: localhost:5000/buildlab/fixture-capture:nosuchtag");
  });

  it("logs a pull's status lines", async () => {
    const events: RunEvent[] = [];
    const result = await followProgressStream(openFixture("pull-up-to-date.jsonl"), (event) => events.push(event));

    expect(result).toEqual({ aux: [] });
    expect(events.map((event) => (event.type === "log" ? event.text : ""))).toEqual([
      "lab: Pulling from buildlab/busybox",
      "Digest: sha256:c7dd7ac82ff9dd518798b08801072293355f16b76af28b210dc7ae00b2ed2ab4",
      "Status: Image is up to date for localhost:5000/buildlab/busybox:lab",
    ]);
  });
});
