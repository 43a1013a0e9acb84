import { NextResponse } from "next/server";
import { withRoute } from "@/lib/api/with-route";
import { getComparisonViewOrThrow } from "@/lib/db/queries/get-comparison-view";

export const dynamic = "force-dynamic";

// GET /api/comparisons/:id: one comparison with its runs, phases and steps.
export const GET = withRoute<{ id: string }>("get comparison", async (_request, { id }) => {
  return NextResponse.json(await getComparisonViewOrThrow(id));
});
