import { withRoute } from "@/lib/api/with-route";
import { getComparisonViewOrThrow } from "@/lib/db/queries/get-comparison-view";
import { streamComparisonEvents } from "@/lib/runner/stream-comparison-events";

export const dynamic = "force-dynamic";

// GET /api/comparisons/:id/events: server-sent events with the comparison's state and log lines while it runs.
export const GET = withRoute<{ id: string }>("stream comparison events", async (request, { id }) => {
  await getComparisonViewOrThrow(id);

  return new Response(streamComparisonEvents(id, request.signal), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
