import { z } from "zod";
import { resolveShareOrThrow, shareTokenParam } from "@/lib/api/resolve-share-or-throw";
import { withRoute } from "@/lib/api/with-route";
import { renderComparisonExport } from "@/lib/exports/render-comparison-export";

export const dynamic = "force-dynamic";

const params = z.object({ token: shareTokenParam });

// GET /api/share/:token/export?format=csv|json: the shared comparison as a download, read-only.
export const GET = withRoute({ name: "export shared comparison", access: "public", params }, async (request, { token }) => {
  const comparisonId = await resolveShareOrThrow(token);
  return renderComparisonExport(comparisonId, new URL(request.url).searchParams.get("format"));
});
