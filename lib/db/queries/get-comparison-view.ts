import { BuildlabError } from "../../errors";
import type { ComparisonView } from "../../views";
import { getDb } from "../client";
import { toComparisonView } from "./to-views";

/** Loads a comparison with its runs, phases and steps, or returns null when the id is unknown. */
export async function getComparisonView(id: string): Promise<ComparisonView | null> {
  if (!isUuid(id)) return null;

  const comparison = await getDb().comparison.findUnique({
    where: { id },
    include: { runs: { include: { phases: true, steps: true, findings: true } }, equivalences: true },
  });
  return comparison ? toComparisonView(comparison) : null;
}

/** Like getComparisonView, but throws a not_found BuildlabError for an unknown id. */
export async function getComparisonViewOrThrow(id: string): Promise<ComparisonView> {
  const view = await getComparisonView(id);
  if (!view) throw new BuildlabError("not_found", `Comparison ${id} was not found.`);
  return view;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
