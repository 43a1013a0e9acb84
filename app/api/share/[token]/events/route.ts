import { z } from "zod";
import { eventStreamResponse } from "@/lib/api/event-stream-response";
import { resolveShareOrThrow, shareTokenParam } from "@/lib/api/resolve-share-or-throw";
import { withRoute } from "@/lib/api/with-route";

export const dynamic = "force-dynamic";

const params = z.object({ token: shareTokenParam });

// GET /api/share/:token/events: the live view of the shared comparison as server-sent events.
export const GET = withRoute({ name: "stream shared comparison events", access: "public", params }, async (request, { token }) => {
  const comparisonId = await resolveShareOrThrow(token);
  return eventStreamResponse(comparisonId, request.signal);
});
