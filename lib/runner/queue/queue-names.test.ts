import { describe, expect, it } from "vitest";
import { listQueueNames, queueNameFor, strategiesOf } from "./queue-names";

describe("queueNameFor", () => {
  it("names one queue per set, whatever the order", () => {
    expect(queueNameFor(["socket", "dind", "socket"])).toBe("comparisons.dind.socket");
  });

  it("lists every combination once", () => {
    const names = listQueueNames();

    expect(names).toHaveLength(7);
    expect(new Set(names).size).toBe(7);
    expect(names).toContain("comparisons.dind.kaniko.socket");
  });
});

describe("strategiesOf", () => {
  it("reads strategy names from stored choices", () => {
    expect(strategiesOf([{ strategy: "socket", mode: "classic" }, { strategy: "socket", mode: "buildkit" }, { strategy: "dind" }])).toEqual(["dind", "socket"]);
  });

  it("ignores unknown and malformed entries", () => {
    expect(strategiesOf([{ strategy: "podman" }, null, 3])).toEqual([]);
    expect(strategiesOf("socket")).toEqual([]);
  });
});
