import type { ReactNode } from "react";
import type { ComparisonView } from "@/lib/views";
import { formatBytes } from "./format-bytes";
import { formatSeconds } from "./format-seconds";
import { formatTimestamp } from "./format-timestamp";
import { SCENARIO_LABELS, strategyWithMode } from "./strategy-labels";

/** Renders what a comparison built and when: source, context, strategies, plan and times. */
export function ComparisonFacts({ view }: { view: ComparisonView }) {
  const wallMs = view.startedAt && view.finishedAt ? Date.parse(view.finishedAt) - Date.parse(view.startedAt) : null;

  return (
    <dl data-testid="comparison-facts" className="grid grid-flow-row-dense grid-cols-2 gap-x-6 gap-y-2 text-sm lg:grid-cols-3">
      <Fact name="Source">{view.source}</Fact>
      <Fact name="Dockerfile">
        <span className="font-mono text-xs">{view.dockerfilePath}</span>
      </Fact>
      <Fact name="Context">
        {view.contextFiles} {view.contextFiles === 1 ? "file" : "files"}, {formatBytes(view.contextBytes)}
      </Fact>
      <Fact name="Strategies" wide>{view.strategies.map((item) => strategyWithMode(item.strategy, item.mode)).join(", ")}</Fact>
      <Fact name="Plan">
        {view.scenarios.map((scenario) => SCENARIO_LABELS[scenario] ?? scenario).join(", ")} × {view.iterations} {view.iterations === 1 ? "iteration" : "iterations"}
      </Fact>
      <Fact name="Created">{formatTimestamp(view.createdAt)}</Fact>
      <Fact name="Started">{formatTimestamp(view.startedAt)}</Fact>
      <Fact name="Finished">{formatTimestamp(view.finishedAt)}</Fact>
      <Fact name="Wall time">
        <span data-ms={wallMs ?? undefined} title={wallMs === null ? undefined : `${wallMs} ms`}>{formatSeconds(wallMs)}</span>
      </Fact>
      <Fact name="Context digest" wide>
        <span className="font-mono text-xs break-all">{view.contextDigest}</span>
      </Fact>
    </dl>
  );
}

// A wide fact takes both columns of the two-column layout on narrow screens.
function Fact({ name, wide = false, children }: { name: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={`min-w-0 ${wide ? "col-span-2 lg:col-span-1" : ""}`}>
      <dt className="font-medium text-slate-600">{name}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  );
}
