export interface PlatformDescriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

const NODE_TO_OCI_ARCHITECTURE: Record<string, string> = { x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64" };

/** Returns this machine's platform as "linux/<architecture>", the first choice in a manifest list. */
export function hostPlatform(): string {
  return `linux/${NODE_TO_OCI_ARCHITECTURE[process.arch] ?? process.arch}`;
}

function formatPlatform(platform: PlatformDescriptor["platform"]): string {
  return [platform?.os ?? "unknown", platform?.architecture ?? "unknown", platform?.variant].filter(Boolean).join("/");
}

/**
 * Picks the manifest for one platform from a manifest list or OCI index: `requested` when given,
 * otherwise this machine's linux platform, then linux/amd64. A variant in `requested` must match,
 * and without one any variant does. Throws with the platforms on offer when none fits.
 */
export function selectPlatformManifest(manifests: PlatformDescriptor[], requested?: string): PlatformDescriptor {
  const choices = requested ? [requested] : [hostPlatform(), "linux/amd64"];
  for (const choice of choices) {
    const [os, architecture, variant] = choice.split("/");
    const match = manifests.find(
      (manifest) =>
        manifest.platform?.os === os &&
        manifest.platform?.architecture === architecture &&
        (variant === undefined || manifest.platform?.variant === variant),
    );
    if (match) return match;
  }

  const offered = manifests.map((manifest) => formatPlatform(manifest.platform)).join(", ") || "none";
  throw new Error(`The manifest list has no image for ${choices.join(" or ")}; it offers: ${offered}. Pass the platform to read in registry.platform.`);
}
