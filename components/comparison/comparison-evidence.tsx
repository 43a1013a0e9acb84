"use client";

import { useMemo } from "react";
import { summarizeComparison } from "@/lib/stats/summarize-comparison";
import type { ComparisonView } from "@/lib/views";
import { EnvironmentSection } from "./environment-section";
import { ExportShareBar } from "./export-share-bar";
import { ImageEquivalenceSection } from "./image-equivalence-section";
import { SecurityMatrix } from "./security-matrix";
import { SpeedCostStrip } from "./speed-cost-strip";
import { StatisticsSection } from "./statistics-section";
import { useExpandDetailsForPrint } from "./use-expand-details-for-print";

export interface EvidenceLinks {
  /** The export route without its query. */
  exportUrl: string;
  /** The history route, or null where the caller may not read it. */
  historyUrl: string | null;
  /** The comparison whose share link may be managed, or null on a read-only share page. */
  shareComparisonId: string | null;
}

/**
 * Renders the evidence of a finished comparison under its timing chart, in this order: what the
 * speed costs, statistics, the security matrix, image equivalence, the environment, and the
 * export and share bar. The statistics are computed here from the view, as the exports compute them.
 */
export function ComparisonEvidence({ view, links }: { view: ComparisonView; links: EvidenceLinks }) {
  const statistics = useMemo(() => summarizeComparison(view), [view]);
  useExpandDetailsForPrint();

  return (
    <div data-testid="comparison-evidence" className="space-y-6 print:space-y-4">
      <SpeedCostStrip view={view} statistics={statistics} />
      <StatisticsSection view={view} statistics={statistics} historyUrl={links.historyUrl} />
      <SecurityMatrix view={view} />
      <ImageEquivalenceSection view={view} />
      <EnvironmentSection view={view} />
      <ExportShareBar exportUrl={links.exportUrl} shareComparisonId={links.shareComparisonId} />
    </div>
  );
}
