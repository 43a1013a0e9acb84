import type { PostureView } from "@/lib/views";

const LEVELS = {
  privileged: { icon: "✕", style: "bg-red-50 text-red-900 ring-red-300", meaning: "no restrictions: the least safe level" },
  baseline: { icon: "◐", style: "bg-amber-50 text-amber-900 ring-amber-300", meaning: "known privilege escalations are blocked" },
  restricted: { icon: "✓", style: "bg-green-50 text-green-900 ring-green-300", meaning: "hardened following current best practice" },
} as const;

/**
 * Renders the Pod Security Standards level a run earns, as a symbol and the level's name, so that
 * the colour is never the only signal. Null means the evidence could not be rated.
 */
export function PssLevelBadge({ level, testId = "pss-level" }: { level: PostureView["pssLevel"]; testId?: string }) {
  if (level === null) {
    return (
      <span data-testid={testId} data-level="" className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-800 ring-1 ring-slate-300 ring-inset print:ring-black">
        <span aria-hidden="true">?</span>not rated
      </span>
    );
  }

  const { icon, style, meaning } = LEVELS[level];
  return (
    <span
      data-testid={testId}
      data-level={level}
      title={`Pod Security Standards level "${level}": ${meaning}`}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset print:ring-black ${style}`}
    >
      <span aria-hidden="true">{icon}</span>
      <span className="sr-only">Pod Security Standards level </span>
      {level}
    </span>
  );
}
