import { NextResponse } from "next/server";
import { z } from "zod";
import { uuidParam, withRoute } from "@/lib/api/with-route";
import { BuildlabError } from "@/lib/errors";
import { getComparisonViewOrThrow } from "@/lib/db/queries/get-comparison-view";
import { cancelComparison } from "@/lib/runner/comparison-queue";

export const dynamic = "force-dynamic";

const params = z.object({ id: uuidParam("comparison id") });

// POST /api/comparisons/:id/cancel: stop the running build and every run not yet started, in whichever process runs them.
export const POST = withRoute({ name: "cancel comparison", access: "manage", params, body: "none" }, async (_request, { id }) => {
  const comparison = await getComparisonViewOrThrow(id);
  if (comparison.status !== "queued" && comparison.status !== "running") {
    throw new BuildlabError("conflict", `Comparison ${id} has already ended (${comparison.status}); there is nothing to cancel.`);
  }

  if (!(await cancelComparison(id))) {
    throw new BuildlabError("conflict", `Comparison ${id} ended while the cancel request was handled; there is nothing to cancel.`);
  }
  return NextResponse.json({ id, status: "cancelling" }, { status: 202 });
});
