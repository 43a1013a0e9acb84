import type { MeasureStatistics } from "@/lib/stats/types";
import { measureLabel } from "./measure-label";

/**
 * Warns that the strategies cannot be ranked honestly on some measures of one scenario, and lists
 * lib/stats' reasons for each (too few runs, a spread too wide, overlapping quartiles).
 */
export function NoiseWarning({ scenarioName, measures }: { scenarioName: string; measures: MeasureStatistics[] }) {
  const noisy = measures.filter((measure) => measure.noisy);
  if (noisy.length === 0) return null;

  return (
    <div role="note" data-testid="noise-warning" className="rounded-md border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950 print:border-black print:bg-white">
      <p className="font-semibold">
        <span aria-hidden="true">⚠ </span>
        {scenarioName}: too noisy to rank the strategies on {noisy.length === measures.length ? "any measure" : noisy.map((measure) => measureLabel(measure.measure).toLowerCase()).join(", ")}
      </p>
      <ul className="mt-1 space-y-1">
        {noisy.map((measure) => (
          <li key={measure.measure} data-testid="noise-measure" data-measure={measure.measure}>
            <span className="font-medium">{measureLabel(measure.measure)}:</span>
            <ul className="list-disc pl-5">
              {measure.noiseReasons.map((reason, index) => (
                <li key={index} data-testid="noise-reason" data-code={reason.code}>
                  {reason.message}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
