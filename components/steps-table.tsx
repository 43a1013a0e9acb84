import type { StepView } from "@/lib/views";
import { formatSeconds } from "./format-seconds";

/**
 * Renders a run's Dockerfile steps as the builder executed them: duration (exact in `data-ms`),
 * cache hit and error. `live` adds a note while more steps may still arrive.
 */
export function StepsTable({ runId, steps, live = false }: { runId: string; steps: StepView[]; live?: boolean }) {
  if (steps.length === 0) {
    return <p className="text-sm text-slate-700">{live ? "No step has finished yet." : "The builder reported no steps."}</p>;
  }

  const ordered = [...steps].sort((left, right) => left.position - right.position);
  return (
    <div className="overflow-x-auto">
      <table data-testid="steps-table" data-run-id={runId} className="min-w-full text-sm">
        <caption className="sr-only">Dockerfile steps with duration and cache hit</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-2 pr-2 font-semibold">#</th>
            <th scope="col" className="py-2 pr-2 font-semibold">Instruction</th>
            <th scope="col" className="px-2 py-2 font-semibold">Cache</th>
            <th scope="col" className="py-2 pl-2 text-right font-semibold">Duration</th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((step) => (
            <tr key={step.position} data-testid="step-row" data-position={step.position} data-cached={step.cached} className="border-b border-slate-200 align-top">
              <td className="py-1.5 pr-2 font-mono tabular-nums text-slate-700">{step.position + 1}</td>
              <td className="py-1.5 pr-2">
                <span data-testid="step-name" className="font-mono text-xs break-all">{step.name}</span>
                {step.error && <p className="mt-1 text-xs text-red-800 whitespace-pre-wrap">{step.error}</p>}
              </td>
              <td className="px-2 py-1.5">
                {step.cached ? (
                  <span className="rounded bg-green-50 px-1.5 py-0.5 text-xs font-semibold whitespace-nowrap text-green-900 ring-1 ring-green-300 ring-inset">cache hit</span>
                ) : (
                  <span className="text-xs text-slate-700">built</span>
                )}
              </td>
              <td
                data-testid="step-duration"
                data-ms={step.durationMs ?? undefined}
                title={step.durationMs === null ? "No timestamps reported" : `${step.durationMs} ms`}
                className="py-1.5 pl-2 text-right font-mono tabular-nums whitespace-nowrap"
              >
                {formatSeconds(step.durationMs)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {live && <p className="mt-1 text-xs text-slate-600">Steps appear here as the builder finishes them.</p>}
    </div>
  );
}
