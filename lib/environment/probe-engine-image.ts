import type Docker from "dockerode";
import { toError } from "../errors";
import { LAB_SETUP_COMMAND } from "./lab-setup-command";
import type { ProbeCheck } from "./types";

export interface EngineImageProbe {
  id: "kaniko-image" | "dind-image";
  title: string;
  image: string;
  /** The environment variable that names the image, for the fix. */
  variable: string;
  /** The users of the image, completing the sentence "Needed by ...". */
  neededBy: string;
}

/** Checks that an image Buildlab runs is in the Docker Engine; Buildlab never pulls these. */
export async function probeEngineImage(docker: Docker, probe: EngineImageProbe): Promise<ProbeCheck> {
  let inspect: Docker.ImageInspectInfo;
  try {
    inspect = await docker.getImage(probe.image).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) {
      return {
        id: probe.id,
        title: probe.title,
        status: "unreachable",
        summary: `Inspecting ${probe.image} failed: ${toError(error).message}.`,
        details: [{ label: "Image", value: probe.image }],
        fix: { description: "Check that the Docker Engine responds; the Docker Engine check shows how." },
      };
    }
    return {
      id: probe.id,
      title: probe.title,
      status: "missing",
      summary: `${probe.image} is not in the Docker Engine. Needed by ${probe.neededBy}.`,
      details: [{ label: "Image", value: probe.image }],
      fix: {
        description: `Make the lab images with scripts/lab.sh, load the image with docker load, or set ${probe.variable} to an image the engine has.`,
        command: LAB_SETUP_COMMAND,
      },
    };
  }

  const labels = inspect.Config?.Labels ?? {};
  const version = Object.entries(labels).find(([key]) => /version$/i.test(key) && !/package/i.test(key))?.[1];
  return {
    id: probe.id,
    title: probe.title,
    status: "ok",
    summary: `${probe.image} is in the Docker Engine.`,
    details: [
      { label: "Image", value: probe.image },
      { label: "Image id", value: inspect.Id.replace(/^sha256:/, "").slice(0, 12) },
      ...(version ? [{ label: "Version label", value: version }] : []),
    ],
  };
}
