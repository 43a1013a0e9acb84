// Fails when a container or volume with Buildlab's label is left in the Docker Engine, listing them.
import Docker from "dockerode";

const LABEL = "org.buildlab.app";

async function main(): Promise<void> {
  const docker = new Docker();
  const containers = await docker.listContainers({ all: true, filters: { label: [LABEL] } });
  const { Volumes: volumes } = await docker.listVolumes({ filters: { label: [LABEL] } });

  const leftovers = [
    ...containers.map((container) => `container ${container.Names.join(",")} (${container.Id.slice(0, 12)}, ${container.State})`),
    ...(volumes ?? []).map((volume) => `volume ${volume.Name}`),
  ];
  if (leftovers.length) {
    console.error(`[test] ${leftovers.length} Buildlab resources were left behind:\n  ${leftovers.join("\n  ")}`);
    process.exit(1);
  }
  console.info("[test] no Buildlab containers or volumes left");
}

main().catch((error: Error) => {
  console.error(`[test] checking for leftovers failed: ${error.message}`);
  process.exit(1);
});
