import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";

import { makeView, type TestRun } from "../stats/test-view";
import { PHASE_NAMES } from "../strategies/types";
import type { ComparisonView } from "../views";
import { toCsv } from "./to-csv";

const HEADER = [
  "sequence",
  "run_id",
  "strategy",
  "mode",
  "scenario",
  "iteration",
  "status",
  "total_seconds",
  "prepare_seconds",
  "base_seconds",
  "context_seconds",
  "build_seconds",
  "push_seconds",
  "cleanup_seconds",
  "started_at",
  "ended_at",
  "image_digest",
];

function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, record_delimiter: "\r\n" }) as Record<string, string>[];
}

/** Turns "12.345" back into 12345 without floating point, or null for an empty cell. */
function secondsToMs(cell: string): number | null {
  if (cell === "") return null;
  expect(cell).toMatch(/^\d+\.\d{3}$/);
  return Number(cell.replace(".", ""));
}

/** Returns a run's phase sum as the CSV should show it, or null for a phase not reported or not ended. */
function expectedPhaseMs(view: ComparisonView, sequence: number, phase: string): number | null {
  const phases = view.runs.find((run) => run.sequence === sequence)?.phases.filter((item) => item.name === phase) ?? [];
  if (phases.length === 0 || phases.some((item) => item.durationMs === null)) return null;
  return phases.reduce((total, item) => total + (item.durationMs as number), 0);
}

const RUNS: TestRun[] = [
  {
    strategy: "socket",
    mode: "buildkit",
    totalMs: 61_234,
    phases: [["prepare", 7], ["base", 1005], ["context", 999], ["build", 59_000], ["push", 223], ["cleanup", 0]],
    digest: `sha256:${"1".repeat(64)}`,
  },
  { strategy: "dind", mode: "cold", scenario: "warm-change", totalMs: 4350, phases: [["prepare", 4349], ["base", 1]] },
  { strategy: "kaniko", mode: "docker", status: "failed", totalMs: 1, phases: [["build", 1]] },
  { strategy: "socket", mode: "classic", status: "running", totalMs: null, phases: [["build", 300], ["push", null]] },
  { strategy: "socket", mode: "buildkit", iteration: 2, totalMs: 100_000, phases: [["base", 10], ["build", 80_000], ["base", 15]] },
];

describe("toCsv", () => {
  it("writes a header and one row per run", () => {
    const text = toCsv(makeView(RUNS));

    const lines = text.split("\r\n");
    expect(lines[0]).toBe(HEADER.join(","));
    expect(lines).toHaveLength(RUNS.length + 2);
    expect(lines.at(-1)).toBe("");
    expect(parseCsv(text)).toHaveLength(RUNS.length);
  });

  it("matches the view's milliseconds exactly", () => {
    const view = makeView(RUNS);

    const rows = parseCsv(toCsv(view));

    for (const row of rows) {
      const sequence = Number(row.sequence);
      const run = view.runs.find((candidate) => candidate.sequence === sequence);
      expect(run).toBeDefined();
      expect(secondsToMs(row.total_seconds)).toBe(run?.durationMs);
      for (const phase of PHASE_NAMES) {
        expect(secondsToMs(row[`${phase}_seconds`]), `${phase} of run ${sequence}`).toBe(expectedPhaseMs(view, sequence, phase));
      }
    }
  });

  it("formats seconds with three decimals", () => {
    const rows = parseCsv(toCsv(makeView(RUNS)));

    expect(rows[0]).toMatchObject({
      total_seconds: "61.234",
      prepare_seconds: "0.007",
      base_seconds: "1.005",
      context_seconds: "0.999",
      build_seconds: "59.000",
      push_seconds: "0.223",
      cleanup_seconds: "0.000",
    });
    expect(rows[1].total_seconds).toBe("4.350");
  });

  it("leaves missing and unfinished values empty", () => {
    const rows = parseCsv(toCsv(makeView(RUNS)));

    expect(rows[1]).toMatchObject({ context_seconds: "", build_seconds: "", push_seconds: "", image_digest: "" });
    expect(rows[3]).toMatchObject({ status: "running", total_seconds: "", build_seconds: "0.300", push_seconds: "", ended_at: "" });
  });

  it("sums a phase reported twice", () => {
    const rows = parseCsv(toCsv(makeView(RUNS)));

    expect(rows[4].base_seconds).toBe("0.025");
  });

  it("copies the run's facts", () => {
    const view = makeView(RUNS);

    const rows = parseCsv(toCsv(view));

    expect(rows.map((row) => [row.strategy, row.mode, row.scenario, row.iteration, row.status])).toEqual([
      ["socket", "buildkit", "cold", "1", "succeeded"],
      ["dind", "cold", "warm-change", "1", "succeeded"],
      ["kaniko", "docker", "cold", "1", "failed"],
      ["socket", "classic", "cold", "1", "running"],
      ["socket", "buildkit", "cold", "2", "succeeded"],
    ]);
    expect(rows.map((row) => row.run_id)).toEqual(view.runs.map((run) => run.id));
    expect(rows.map((row) => row.started_at)).toEqual(view.runs.map((run) => run.startedAt));
    expect(rows[0].ended_at).toBe("2026-01-05T10:01:01.234Z");
    expect(rows[0].image_digest).toBe(`sha256:${"1".repeat(64)}`);
  });

  it("orders rows by plan sequence", () => {
    const view = makeView(RUNS);
    const shuffled = { ...view, runs: [...view.runs].reverse() };

    expect(parseCsv(toCsv(shuffled)).map((row) => row.sequence)).toEqual(["0", "1", "2", "3", "4"]);
  });

  it("quotes commas, quotes and line breaks", () => {
    const view = makeView([{ strategy: "socket", mode: 'odd, "quoted"\nmode\rhere' }]);

    const text = toCsv(view);

    expect(text).toContain(',"odd, ""quoted""\nmode\rhere",');
    expect(parseCsv(text)[0].mode).toBe('odd, "quoted"\nmode\rhere');
  });

  it("writes only the header without runs", () => {
    expect(toCsv(makeView([]))).toBe(`${HEADER.join(",")}\r\n`);
  });
});
