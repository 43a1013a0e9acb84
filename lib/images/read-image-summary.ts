import type { Transform } from "node:stream";
import { createGunzip, createZstdDecompress } from "node:zlib";
import { applyLayerTar } from "./apply-layer-tar";
import { createDigestVerifier } from "./create-digest-verifier";
import { createRegistryClient, MANIFEST_MEDIA_TYPES, type FetchedManifest } from "./create-registry-client";
import { FileTree } from "./file-tree";
import { parseImageRef } from "./parse-image-ref";
import { selectPlatformManifest, type PlatformDescriptor } from "./select-platform-manifest";
import { summarizeImageConfig, type ImageConfigJson } from "./summarize-image-config";
import type { ImageSummary, LayerSummary, ReadImageSummaryOptions } from "./types";

// An image config lists one history entry and one diff id per step; 16 MiB is far beyond any real one.
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
}

/**
 * Reads an image from its registry: the manifest (through a manifest list or OCI index when the
 * reference names one), the configuration, and every layer in order, applied with OCI whiteouts
 * into one file tree. Layers are streamed: each blob's digest and each uncompressed layer's diff
 * id are checked while reading, and only per-path metadata and content hashes are kept.
 */
export async function readImageSummary(ref: string, options: ReadImageSummaryOptions = {}): Promise<ImageSummary> {
  const registryOptions = options.registry ?? {};
  const { signal } = options;
  const location = parseImageRef(ref, registryOptions.plainHttpHosts);
  const client = createRegistryClient(location, registryOptions);

  let manifest = await client.fetchManifest(location.reference, signal);
  if (manifest.mediaType === MANIFEST_MEDIA_TYPES.dockerManifestList || manifest.mediaType === MANIFEST_MEDIA_TYPES.ociIndex) {
    const chosen = selectPlatformManifest((manifest.json.manifests ?? []) as PlatformDescriptor[], registryOptions.platform);
    manifest = await client.fetchManifest(chosen.digest, signal);
  }
  const { config: configDescriptor, layers } = checkImageManifest(manifest, ref);

  const configBytes = await client.readBlob(configDescriptor.digest, MAX_CONFIG_BYTES, signal);
  const configJson = JSON.parse(configBytes.toString("utf8")) as ImageConfigJson;
  const diffIds = configJson.rootfs?.diff_ids ?? [];
  if (diffIds.length !== layers.length) {
    throw new Error(`Image ${ref} is inconsistent: its manifest lists ${layers.length} layers but its config lists ${diffIds.length} diff ids.`);
  }

  const tree = new FileTree();
  const layerSummaries: LayerSummary[] = [];
  for (const [index, layer] of layers.entries()) {
    const mediaType = layer.mediaType ?? "";
    const subject = `Layer ${index + 1} of ${layers.length} (${layer.digest}) of ${ref}`;
    const decompressor = createDecompressor(mediaType, subject);
    const blob = await client.openBlob(layer.digest, signal);
    const streams: [typeof blob, ...Transform[]] = [blob, createDigestVerifier(layer.digest, layer.size, subject)];
    if (decompressor) streams.push(decompressor);
    streams.push(createDigestVerifier(diffIds[index], undefined, `The uncompressed content of ${subject.charAt(0).toLowerCase()}${subject.slice(1)}`));

    await applyLayerTar(tree, index, streams, signal);
    layerSummaries.push({ digest: layer.digest, mediaType, size: layer.size ?? 0, diffId: diffIds[index] });
  }

  const { config, history } = summarizeImageConfig(configJson);
  const summary: ImageSummary = {
    ref,
    manifestDigest: manifest.digest,
    manifestMediaType: manifest.mediaType,
    configDigest: configDescriptor.digest,
    architecture: configJson.architecture ?? "",
    os: configJson.os ?? "",
    config,
    history,
    layers: layerSummaries,
    files: tree.toFiles(),
  };
  if (configJson.variant) summary.variant = configJson.variant;
  if (configJson.author) summary.author = configJson.author;
  if (configJson.created) summary.created = configJson.created;
  return summary;
}

function checkImageManifest(manifest: FetchedManifest, ref: string): { config: Descriptor; layers: Descriptor[] } {
  const { json } = manifest;
  if (json.schemaVersion === 1) {
    throw new Error(`Image ${ref} has a Docker schema 1 manifest, which is deprecated and not read here; push it again with a current Docker or builder.`);
  }
  if (manifest.mediaType !== MANIFEST_MEDIA_TYPES.dockerManifest && manifest.mediaType !== MANIFEST_MEDIA_TYPES.ociManifest) {
    throw new Error(`Image ${ref} has a manifest of media type "${manifest.mediaType}", which is not an image manifest (expected ${MANIFEST_MEDIA_TYPES.dockerManifest} or ${MANIFEST_MEDIA_TYPES.ociManifest}).`);
  }

  const config = json.config as Descriptor | undefined;
  const layers = (json.layers ?? []) as Descriptor[];
  if (!config?.digest || !Array.isArray(layers) || layers.some((layer) => typeof layer?.digest !== "string")) {
    throw new Error(`Image ${ref} has an invalid manifest ${manifest.digest}: its config or layer descriptors lack digests.`);
  }
  return { config, layers };
}

// Returns undefined for an uncompressed layer.
function createDecompressor(mediaType: string, subject: string): Transform | undefined {
  if (mediaType.endsWith("+gzip") || mediaType.endsWith(".tar.gzip")) return createGunzip();
  if (mediaType.endsWith("+zstd")) return createZstdDecompress();
  if (mediaType.endsWith(".tar")) return undefined;
  throw new Error(`${subject} has media type "${mediaType}", which is not a tar layer this reader can open (gzip, zstd or uncompressed).`);
}
