import { NextResponse } from "next/server";
import { z } from "zod";
import { resolveShareOrThrow, shareTokenParam } from "@/lib/api/resolve-share-or-throw";
import { withRoute } from "@/lib/api/with-route";
import { getComparisonViewOrThrow } from "@/lib/db/queries/get-comparison-view";

export const dynamic = "force-dynamic";

const params = z.object({ token: shareTokenParam });

// GET /api/share/:token: the shared comparison, read-only, for anyone holding the link.
export const GET = withRoute({ name: "get shared comparison", access: "public", params }, async (_request, { token }) => {
  const comparisonId = await resolveShareOrThrow(token);
  return NextResponse.json(await getComparisonViewOrThrow(comparisonId));
});
