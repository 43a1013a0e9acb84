import type { FindingView } from "@/lib/views";
import { formatEvidenceValue } from "./format-evidence-value";
import { SeverityBadge } from "./severity-badge";

/** Returns the field and value pairs of a finding's evidence, which is stored as one pair or a list. */
function evidenceEntries(evidence: unknown): { field: string; value: unknown }[] | null {
  const items = Array.isArray(evidence) ? evidence : [evidence];
  if (items.every((item) => typeof item === "object" && item !== null && typeof (item as { field?: unknown }).field === "string")) {
    return items as { field: string; value: unknown }[];
  }
  return null;
}

/**
 * Renders what one finding saw and what it means: the workload, the result, each evidence field
 * with its value as inspected, the explanation and the remediation.
 */
export function FindingEvidence({ finding }: { finding: FindingView }) {
  const entries = evidenceEntries(finding.evidence);

  return (
    <div data-testid="finding-evidence" data-control={finding.control} data-workload={finding.workload} className="space-y-2 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <span className={`font-semibold ${finding.passed ? "text-green-900" : "text-red-900"}`}>
          <span aria-hidden="true">{finding.passed ? "✓ " : "✕ "}</span>
          {finding.passed ? "Passed" : "Failed"}
        </span>
        <SeverityBadge severity={finding.severity} />
        <span className="text-slate-700">
          on {finding.subject} <code className="font-mono text-xs [overflow-wrap:anywhere]">{finding.workload}</code>
        </span>
      </p>
      <div>
        <p className="font-medium">Evidence</p>
        {entries ? (
          <dl className="mt-1 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
            {entries.map((entry, index) => (
              <div key={index} className="contents">
                <dt data-testid="evidence-field" className="font-mono text-xs text-slate-700">{entry.field}</dt>
                <dd data-testid="evidence-value" className="font-mono text-xs [overflow-wrap:anywhere]">{formatEvidenceValue(entry.value)}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <pre className="mt-1 overflow-auto font-mono text-xs whitespace-pre-wrap">{formatEvidenceValue(finding.evidence)}</pre>
        )}
      </div>
      <p>
        <span className="font-medium">What it means: </span>
        {finding.explanation}
      </p>
      <p>
        <span className="font-medium">Remediation: </span>
        {finding.remediation}
      </p>
    </div>
  );
}
