import { z } from "zod";
import { uuidParam, withRoute } from "@/lib/api/with-route";
import { renderComparisonExport } from "@/lib/exports/render-comparison-export";

export const dynamic = "force-dynamic";

const params = z.object({ id: uuidParam("comparison id") });

// GET /api/comparisons/:id/export?format=csv|json: the comparison as a download.
export const GET = withRoute({ name: "export comparison", access: "view", params }, async (request, { id }) => {
  return renderComparisonExport(id, new URL(request.url).searchParams.get("format"));
});
