import type Docker from "dockerode";
import { LABEL_APP, LABEL_RUN } from "../types";
import { describeEngineError } from "./describe-engine-error";

/**
 * Force-removes the containers labelled `org.buildlab.app=buildlab` whose `org.buildlab.run` is
 * not in `liveRunIds`, such as those of a run that a crash interrupted. Containers without a run
 * label are kept. Returns the removed containers' names, or ids when they have none.
 */
export async function removeLeftoverContainers(docker: Docker, liveRunIds: ReadonlySet<string>): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_APP}=buildlab`] } });

  const removed: string[] = [];
  for (const container of containers) {
    const runId = container.Labels?.[LABEL_RUN];
    if (!runId || liveRunIds.has(runId)) continue;

    try {
      await docker.getContainer(container.Id).remove({ force: true, v: true });
    } catch (error) {
      if (describeEngineError(error).statusCode === 404) continue;
      throw error;
    }
    removed.push(container.Names?.[0]?.replace(/^\//, "") || container.Id);
  }
  return removed;
}
