import { BuildlabError } from "../errors";

import { parseDockerfile } from "./parse-dockerfile";
import type { ParsedDockerfile } from "./types";

/**
 * Parses a Dockerfile and throws `invalid_dockerfile` when it has problems. The message lists each
 * problem as "line N: ...", and `details.problems` carries them as data.
 */
export function checkDockerfileOrThrow(text: string): ParsedDockerfile {
  const parsed = parseDockerfile(text);
  if (parsed.problems.length === 0) return parsed;

  const lines = parsed.problems.map((problem) => `line ${problem.line}: ${problem.message}`);
  const count = parsed.problems.length === 1 ? "1 problem" : `${parsed.problems.length} problems`;
  throw new BuildlabError(
    "invalid_dockerfile",
    `The Dockerfile has ${count}:\n${lines.join("\n")}\nFix the lines listed and submit it again.`,
    { problems: parsed.problems },
  );
}
