/** Returns the manifest digest the lab registry serves for a `localhost:5000/<repository>:<tag>` reference, or null. */
export async function readRegistryDigest(ref: string): Promise<string | null> {
  const [, repository, tag] = /^localhost:5000\/(.+):([^:]+)$/.exec(ref) ?? [];
  if (!repository) throw new Error(`${ref} is not a reference to the lab registry at localhost:5000`);

  const response = await fetch(`http://127.0.0.1:5000/v2/${repository}/manifests/${tag}`, {
    method: "HEAD",
    headers: { accept: "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json" },
  });
  return response.ok ? response.headers.get("docker-content-digest") : null;
}
