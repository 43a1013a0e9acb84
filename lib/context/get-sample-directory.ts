import { statSync } from "node:fs";
import { join } from "node:path";

import { BuildlabError } from "../errors";
import { samplesRoot } from "./samples-root";

// Lower-case words joined by hyphens: a plain folder name that cannot walk out of samples/.
const SAMPLE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Returns the folder of the sample `name`, or throws `not_found` when there is no such sample. */
export function getSampleDirectory(name: string): string {
  const directory = SAMPLE_NAME.test(name) ? join(samplesRoot(), name) : undefined;
  if (!directory || !isFile(join(directory, "sample.json"))) {
    throw new BuildlabError(
      "not_found",
      `There is no sample named "${name}". Pick one of the names the samples list returns.`,
      { sample: name },
    );
  }
  return directory;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
