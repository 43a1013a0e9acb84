import { NextResponse } from "next/server";
import { z } from "zod";
import { uuidParam, withRoute } from "@/lib/api/with-route";
import { getComparisonViewOrThrow } from "@/lib/db/queries/get-comparison-view";
import { listContextHistory } from "@/lib/db/queries/list-context-history";

export const dynamic = "force-dynamic";

const params = z.object({ id: uuidParam("comparison id") });

// GET /api/comparisons/:id/history: every comparison of the same Dockerfile and context, oldest first.
export const GET = withRoute({ name: "list context history", access: "view", params }, async (_request, { id }) => {
  const comparison = await getComparisonViewOrThrow(id);
  return NextResponse.json({ contextDigest: comparison.contextDigest, comparisons: await listContextHistory(comparison.contextDigest) });
});
