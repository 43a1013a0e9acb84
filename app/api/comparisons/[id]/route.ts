import { NextResponse } from "next/server";
import { z } from "zod";
import { uuidParam, withRoute } from "@/lib/api/with-route";
import { getComparisonViewOrThrow } from "@/lib/db/queries/get-comparison-view";

export const dynamic = "force-dynamic";

const params = z.object({ id: uuidParam("comparison id") });

// GET /api/comparisons/:id: one comparison with its runs, phases and steps.
export const GET = withRoute({ name: "get comparison", access: "view", params }, async (_request, { id }) => {
  return NextResponse.json(await getComparisonViewOrThrow(id));
});
