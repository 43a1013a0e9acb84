"use client";

import { useId, useState } from "react";
import type { ComparisonView, RunView } from "@/lib/views";
import { SCENARIO_LABELS } from "../strategy-labels";
import { ImagePairCard } from "./image-pair-card";

const FINDING_TITLES: Record<string, string> = {
  "failed-where-another-succeeded": "Failed where another strategy succeeded",
  "image-unreadable": "Image could not be read",
};

/**
 * Renders whether the strategies built the same image: per scenario, each compared pair of
 * succeeded runs, equal or with its differences, then the findings, such as a strategy that failed
 * where another succeeded, with its failing step. A toggle shows the ignored differences.
 */
export function ImageEquivalenceSection({ view }: { view: ComparisonView }) {
  const [showIgnored, setShowIgnored] = useState(false);
  const toggleId = useId();
  const runs = new Map<string, RunView>(view.runs.map((run) => [run.id, run]));
  const equivalence = view.equivalence;

  const scenarios = new Map<string, NonNullable<typeof equivalence>["pairs"]>();
  for (const pair of equivalence?.pairs ?? []) {
    const scenario = runs.get(pair.leftRunId)?.scenario ?? "";
    scenarios.set(scenario, [...(scenarios.get(scenario) ?? []), pair]);
  }

  return (
    <section aria-labelledby="equivalence-heading" data-testid="equivalence-section" data-print-expand="" className="space-y-4 rounded-lg border border-slate-300 bg-white p-4 print:border-0 print:p-0">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="equivalence-heading" className="text-lg font-semibold">Image equivalence</h2>
        {equivalence && equivalence.pairs.length > 0 && (
          <label htmlFor={toggleId} className="inline-flex items-center gap-2 text-sm print:hidden">
            <input id={toggleId} type="checkbox" checked={showIgnored} onChange={(event) => setShowIgnored(event.target.checked)} className="h-4 w-4 accent-blue-700" />
            Show ignored differences
          </label>
        )}
      </div>
      <p className="text-sm text-slate-700">
        The first iteration of each strategy is read back from the registry and compared file by file and in its configuration, within each scenario. Timestamps, digests, layer boundaries and history never change how a container runs, so those differences are counted as ignored.
      </p>

      {equivalence === null ? (
        <p data-testid="equivalence-missing" className="text-sm text-slate-700">
          {view.status === "queued" || view.status === "running"
            ? "The images are compared once every run has ended."
            : "No image comparison was stored: it needs at least two runs of one scenario that succeeded or failed, and images pushed to the registry."}
        </p>
      ) : (
        <>
          {[...scenarios.entries()].map(([scenario, pairs]) => (
            <div key={scenario} className="space-y-2">
              <h3 className="font-semibold">{SCENARIO_LABELS[scenario] ?? scenario}</h3>
              <ul className="space-y-2">
                {pairs.map((pair) => (
                  <ImagePairCard key={`${pair.leftRunId}-${pair.rightRunId}`} pair={pair} runs={runs} showIgnored={showIgnored} />
                ))}
              </ul>
            </div>
          ))}
          {equivalence.pairs.length === 0 && <p className="text-sm text-slate-700">No two images of one scenario could be compared.</p>}

          {equivalence.findings.length > 0 && (
            <div className="space-y-2">
              <h3 className="font-semibold">Findings</h3>
              <ul className="space-y-2">
                {equivalence.findings.map((finding, index) => (
                  <li key={index} data-testid="equivalence-finding" data-kind={finding.kind} data-run-id={finding.run.runId} className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-950 print:border-black print:bg-white">
                    <p className="font-medium">
                      {FINDING_TITLES[finding.kind] ?? finding.kind}
                      {": "}
                      <span className="font-mono text-xs">
                        {finding.run.strategy}
                        {finding.run.mode ? `/${finding.run.mode}` : ""}
                      </span>
                      {finding.run.scenario && <span>, {SCENARIO_LABELS[finding.run.scenario] ?? finding.run.scenario}</span>}
                    </p>
                    <p className="mt-1 [overflow-wrap:anywhere]">{finding.message}</p>
                    {finding.failedStep && (
                      <p className="mt-1">
                        Failing step: <code data-testid="equivalence-failed-step" className="font-mono text-xs [overflow-wrap:anywhere]">{finding.failedStep}</code>
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}
