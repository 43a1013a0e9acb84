import { parseFamiliarName } from "@swimlane/docker-reference";
import type Docker from "dockerode";
import { describeEngineError } from "./describe-engine-error";

/**
 * Removes a comparison's result images from the Docker Engine behind `docker`. The runner tags
 * every result as `<registry>/buildlab/<comparisonId>:<runId>`, so they are the images of that
 * repository on any registry: removed by tag, or by digest when a pushed image lost its tag.
 * Removing an image's last reference deletes it, with the classic builder's parent images that
 * nothing else uses. An image a container still uses is kept. Returns the removed references.
 */
export async function removeComparisonImages(docker: Docker, comparisonId: string): Promise<string[]> {
  if (!comparisonId) throw new Error("removing a comparison's images needs a comparison id");
  const repositoryPath = `buildlab/${comparisonId}`;
  const belongs = (ref: string) => repositoryPathOf(ref) === repositoryPath;

  const refs = (await docker.listImages()).flatMap((image) => {
    const tags = (image.RepoTags ?? []).filter(belongs);
    return tags.length > 0 ? tags : (image.RepoDigests ?? []).filter(belongs);
  });

  const removed: string[] = [];
  for (const ref of refs) {
    try {
      await docker.getImage(ref).remove();
      removed.push(ref);
    } catch (error) {
      const { statusCode } = describeEngineError(error);
      if (statusCode !== 404 && statusCode !== 409) throw error;
    }
  }
  return removed;
}

function repositoryPathOf(ref: string): string | undefined {
  try {
    return parseFamiliarName(ref).repository;
  } catch {
    // "<none>:<none>" and "<none>@<none>", which Docker lists for untagged images.
    return undefined;
  }
}
