import type Docker from "dockerode";
import type { ImageFacts } from "../types";

/** Reads the id, size and layer count of an image in the Docker Engine. */
export async function readImageFacts(docker: Docker, ref: string): Promise<ImageFacts> {
  const image = await docker.getImage(ref).inspect();

  return {
    ref,
    id: image.Id,
    sizeBytes: image.Size,
    layerCount: image.RootFS?.Layers?.length ?? 0,
  };
}
