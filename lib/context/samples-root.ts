import { join } from "node:path";

/** Returns the folder that contains the sample contexts, `samples/` under the working directory. */
export function samplesRoot(): string {
  return join(process.cwd(), "samples");
}
