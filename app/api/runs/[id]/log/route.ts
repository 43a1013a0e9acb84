import { z } from "zod";
import { uuidParam, withRoute } from "@/lib/api/with-route";
import { readRunLog } from "@/lib/db/queries/read-run-log";

export const dynamic = "force-dynamic";

const params = z.object({ id: uuidParam("run id") });

// GET /api/runs/:id/log: the run's stored log as plain text.
export const GET = withRoute({ name: "read run log", access: "view", params }, async (_request, { id }) => {
  const text = await readRunLog(id);
  return new Response(text, { headers: { "content-type": "text/plain; charset=utf-8" } });
});
