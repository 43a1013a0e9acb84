import { withRoute } from "@/lib/api/with-route";
import { readRunLog } from "@/lib/db/queries/read-run-log";

export const dynamic = "force-dynamic";

// GET /api/runs/:id/log: the run's stored log as plain text.
export const GET = withRoute<{ id: string }>("read run log", async (_request, { id }) => {
  const text = await readRunLog(id);
  return new Response(text, { headers: { "content-type": "text/plain; charset=utf-8" } });
});
