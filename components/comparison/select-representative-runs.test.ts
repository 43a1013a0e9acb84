import { describe, expect, it } from "vitest";

import { makeView } from "@/lib/stats/test-view";
import { selectRepresentativeRuns } from "./select-representative-runs";

describe("selectRepresentativeRuns", () => {
  it("picks the run closest to the median", () => {
    // Sorted 1000 1400 5000: the median is 1400.
    const view = makeView([
      { strategy: "socket", mode: "buildkit", totalMs: 5000, iteration: 1 },
      { strategy: "socket", mode: "buildkit", totalMs: 1000, iteration: 2 },
      { strategy: "socket", mode: "buildkit", totalMs: 1400, iteration: 3 },
    ]);

    const [chosen] = selectRepresentativeRuns(view, "cold");

    expect(chosen.run?.id).toBe("run-2");
    expect(chosen.medianMs).toBe(1400);
  });

  it("breaks a tie by plan order", () => {
    // Median of 1000 and 2000 is 1500, and both are 500 away.
    const view = makeView([
      { strategy: "dind", mode: "cold", totalMs: 2000, iteration: 1 },
      { strategy: "dind", mode: "cold", totalMs: 1000, iteration: 2 },
    ]);

    expect(selectRepresentativeRuns(view, "cold")[0].run?.id).toBe("run-0");
  });

  it("skips failed runs and other scenarios", () => {
    const view = makeView([
      { strategy: "kaniko", mode: "docker", totalMs: 10, status: "failed" },
      { strategy: "kaniko", mode: "docker", totalMs: 900, scenario: "warm-same" },
      { strategy: "kaniko", mode: "docker", totalMs: 3000 },
    ]);

    expect(selectRepresentativeRuns(view, "cold")[0].run?.id).toBe("run-2");
    expect(selectRepresentativeRuns(view, "warm-same")[0].run?.id).toBe("run-1");
  });

  it("gives null without a succeeded run", () => {
    const view = makeView([
      { strategy: "socket", mode: "classic" },
      { strategy: "kaniko", mode: "docker", status: "failed" },
    ]);

    const chosen = selectRepresentativeRuns(view, "cold");

    expect(chosen.map((item) => item.key)).toEqual(["socket/classic", "kaniko/docker"]);
    expect(chosen[1]).toMatchObject({ run: null, medianMs: null });
  });
});
