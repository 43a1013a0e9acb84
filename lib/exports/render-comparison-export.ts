import { BuildlabError } from "../errors";
import { getComparisonViewOrThrow } from "../db/queries/get-comparison-view";
import { toCsv } from "./to-csv";
import { toJsonExport } from "./to-json-export";

export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Renders a comparison as a downloadable CSV (one row per build) or JSON (everything: runs, phases,
 * steps, statistics, security findings and image equivalence) response.
 */
export async function renderComparisonExport(comparisonId: string, format: string | null): Promise<Response> {
  if (format !== "csv" && format !== "json") {
    throw new BuildlabError("invalid_input", `Unknown export format "${format ?? ""}"; use ?format=csv or ?format=json.`);
  }

  const view = await getComparisonViewOrThrow(comparisonId);
  const name = `buildlab-${view.id}`;

  if (format === "csv") {
    return new Response(toCsv(view), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}.csv"` },
    });
  }

  const findings = view.runs.map((run) => ({ runId: run.id, posture: run.posture, findings: run.findings }));
  const body = toJsonExport(view, { findings, imageEquivalence: view.equivalence });
  return new Response(JSON.stringify(body, null, 2), {
    headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="${name}.json"` },
  });
}
