import { z } from "zod";
import { resolveShareOrThrow, shareTokenParam } from "@/lib/api/resolve-share-or-throw";
import { uuidParam, withRoute } from "@/lib/api/with-route";
import { getDb } from "@/lib/db/client";
import { readRunLog } from "@/lib/db/queries/read-run-log";
import { BuildlabError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const params = z.object({ token: shareTokenParam, runId: uuidParam("run id") });

// GET /api/share/:token/runs/:runId/log: the stored log of a run of the shared comparison, as plain text.
export const GET = withRoute({ name: "read shared run log", access: "public", params }, async (_request, { token, runId }) => {
  const comparisonId = await resolveShareOrThrow(token);
  const run = await getDb().run.findFirst({ where: { id: runId, comparisonId }, select: { id: true } });
  if (!run) throw new BuildlabError("not_found", `Run ${runId} is not part of the shared comparison.`);

  const text = await readRunLog(runId);
  return new Response(text, { headers: { "content-type": "text/plain; charset=utf-8" } });
});
