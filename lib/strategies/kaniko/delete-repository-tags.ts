import { parseImageRef } from "../../images/parse-image-ref";

const MANIFEST_TYPES = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.index.v1+json",
].join(", ");

/**
 * Deletes every tag of a repository through the Distribution API, by deleting the manifest each
 * tag points to. The registry must allow deletes (storage.delete.enabled). Returns the deleted
 * references; a repository the registry does not know counts as empty.
 */
export async function deleteRepositoryTags(repositoryRef: string, insecureRegistries: readonly string[]): Promise<string[]> {
  const location = parseImageRef(repositoryRef, insecureRegistries);
  const base = `${location.baseUrl}/v2/${location.repository}`;

  const listing = await fetch(`${base}/tags/list`);
  if (listing.status === 404) return [];
  if (!listing.ok) throw new Error(`listing the tags of ${repositoryRef} failed with HTTP ${listing.status}`);
  const { tags } = (await listing.json()) as { tags: string[] | null };

  const deleted: string[] = [];
  for (const tag of tags ?? []) {
    const head = await fetch(`${base}/manifests/${tag}`, { method: "HEAD", headers: { Accept: MANIFEST_TYPES } });
    const digest = head.headers.get("docker-content-digest");
    if (!head.ok || !digest) continue;

    const removal = await fetch(`${base}/manifests/${digest}`, { method: "DELETE" });
    if (!removal.ok && removal.status !== 404) {
      throw new Error(`deleting ${repositoryRef}:${tag} failed with HTTP ${removal.status}; enable deletes in the registry's configuration`);
    }
    deleted.push(`${repositoryRef}:${tag}`);
  }
  return deleted;
}
