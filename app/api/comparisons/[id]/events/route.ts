import { z } from "zod";
import { eventStreamResponse } from "@/lib/api/event-stream-response";
import { uuidParam, withRoute } from "@/lib/api/with-route";
import { getComparisonViewOrThrow } from "@/lib/db/queries/get-comparison-view";

export const dynamic = "force-dynamic";

const params = z.object({ id: uuidParam("comparison id") });

// GET /api/comparisons/:id/events: server-sent events with the comparison's state and log lines while it runs.
export const GET = withRoute({ name: "stream comparison events", access: "view", params }, async (request, { id }) => {
  await getComparisonViewOrThrow(id);
  return eventStreamResponse(id, request.signal);
});
