import { BuildlabError } from "../../errors";
import { getDb } from "../client";
import { isUuid } from "./get-comparison-view";

/** Returns a run's stored log as text, one line per stored line, oldest first. */
export async function readRunLog(runId: string): Promise<string> {
  const db = getDb();
  const run = isUuid(runId) ? await db.run.findUnique({ where: { id: runId }, select: { id: true } }) : null;
  if (!run) throw new BuildlabError("not_found", `Run ${runId} was not found.`);

  const lines = await db.logLine.findMany({ where: { runId }, orderBy: { id: "asc" }, select: { text: true } });
  return lines.map((line) => line.text).join("\n") + (lines.length ? "\n" : "");
}
