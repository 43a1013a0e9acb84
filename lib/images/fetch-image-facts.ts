import { parseImageRef } from "./parse-image-ref";

// Media types Kaniko pushes (Docker schema 2) and their OCI equivalents, indexes included.
const MANIFEST_TYPES = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.index.v1+json",
];

export interface RegistryImageFacts {
  /** Manifest digest as the registry reports it (Docker-Content-Digest). */
  digest: string;
  /** Digest of the image configuration, which is the image id. */
  configDigest: string;
  /** Sum of the layers' compressed sizes in the manifest, in bytes. */
  sizeBytes: number;
  layerCount: number;
}

interface Manifest {
  mediaType?: string;
  config?: { digest: string; size: number };
  layers?: { size: number }[];
  manifests?: { digest: string; platform?: { os?: string; architecture?: string } }[];
}

/**
 * Reads an image's manifest from its registry through the Distribution API (GET /v2/NAME/manifests/REF),
 * following an index to its linux/amd64 entry.
 */
export async function fetchImageFacts(ref: string, insecureRegistries: readonly string[] = []): Promise<RegistryImageFacts> {
  const image = parseImageRef(ref, insecureRegistries);
  let url = `${image.baseUrl}/v2/${image.repository}/manifests/${image.reference}`;

  for (let depth = 0; depth < 2; depth += 1) {
    const response = await fetch(url, { headers: { Accept: MANIFEST_TYPES.join(", ") } });
    if (!response.ok) {
      throw new Error(`reading the manifest of ${ref} from ${url} failed with HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
    }
    const digest = response.headers.get("docker-content-digest");
    const manifest = (await response.json()) as Manifest;

    if (manifest.manifests) {
      const entry = manifest.manifests.find((candidate) => candidate.platform?.os === "linux" && candidate.platform.architecture === "amd64") ?? manifest.manifests[0];
      url = `${image.baseUrl}/v2/${image.repository}/manifests/${entry.digest}`;
      continue;
    }
    if (!digest || !manifest.config || !manifest.layers) {
      throw new Error(`the registry's manifest of ${ref} has no digest header, config or layers`);
    }
    return {
      digest,
      configDigest: manifest.config.digest,
      sizeBytes: manifest.layers.reduce((total, layer) => total + layer.size, 0),
      layerCount: manifest.layers.length,
    };
  }
  throw new Error(`the manifest index of ${ref} points to another index`);
}
