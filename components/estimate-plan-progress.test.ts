import { describe, expect, it } from "vitest";
import { makeView } from "@/lib/stats/test-view";
import { estimatePlanProgress } from "./estimate-plan-progress";

describe("estimatePlanProgress", () => {
  it("has no estimate before a run ends", () => {
    const view = makeView([]);

    const progress = estimatePlanProgress(view, Date.now());

    expect(progress.done).toBe(0);
    expect(progress.remainingMs).toBeNull();
  });

  it("counts each run to go at its strategy's median", () => {
    const view = makeView([
      { strategy: "socket", totalMs: 1000 },
      { strategy: "dind", totalMs: 3000 },
      { strategy: "socket", totalMs: 2000 },
    ]);
    view.runs.push({ ...view.runs[0], id: "queued-socket", status: "queued", startedAt: null, finishedAt: null, durationMs: null });
    view.runs.push({ ...view.runs[1], id: "queued-dind", status: "queued", startedAt: null, finishedAt: null, durationMs: null });

    const progress = estimatePlanProgress(view, Date.now());

    expect(progress.done).toBe(3);
    expect(progress.total).toBe(5);
    expect(progress.current).toBeNull();
    // socket's median is 1500 ms and dind's 3000 ms.
    expect(progress.remainingMs).toBe(4500);
  });
});
