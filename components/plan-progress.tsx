import type { ComparisonView } from "@/lib/views";
import { estimatePlanProgress } from "./estimate-plan-progress";

function formatRemaining(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/**
 * Shows the progress of the whole plan: run k of n, and an estimate of the time left. `now` is null
 * before the page has mounted, and the running build's elapsed time then counts as zero.
 */
export function PlanProgress({ view, now }: { view: ComparisonView; now: number | null }) {
  const progress = estimatePlanProgress(view, now);
  const position = progress.current ?? Math.min(progress.done + 1, progress.total);

  return (
    <p data-testid="plan-progress" data-done={progress.done} data-total={progress.total} role="status" className="text-sm text-slate-800">
      <span className="font-semibold">
        Run {position} of {progress.total}
      </span>
      {" · "}
      {progress.done} ended
      {" · "}
      {progress.remainingMs === null ? "time left is estimated once the first run ends" : `about ${formatRemaining(progress.remainingMs)} left`}
      {view.schedule === "parallel" && " · strategies run side by side"}
    </p>
  );
}
