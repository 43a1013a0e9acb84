import { NextResponse } from "next/server";
import { withRoute } from "@/lib/api/with-route";
import { BuildlabError } from "@/lib/errors";
import { getComparisonViewOrThrow } from "@/lib/db/queries/get-comparison-view";
import { cancelComparison } from "@/lib/runner/comparison-queue";

export const dynamic = "force-dynamic";

// POST /api/comparisons/:id/cancel: stop the running build and every run not yet started.
export const POST = withRoute<{ id: string }>("cancel comparison", async (_request, { id }) => {
  const comparison = await getComparisonViewOrThrow(id);
  if (comparison.status !== "queued" && comparison.status !== "running") {
    throw new BuildlabError("conflict", `Comparison ${id} has already ended (${comparison.status}); there is nothing to cancel.`);
  }

  const cancelled = await cancelComparison(id);
  if (!cancelled) {
    throw new BuildlabError("conflict", `Comparison ${id} is not running in this Buildlab process; it will be marked failed when that process restarts.`);
  }
  return NextResponse.json({ id, status: "cancelling" }, { status: 202 });
});
