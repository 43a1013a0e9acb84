import ignore from "@balena/dockerignore";

export interface ContextFilter {
  /** Whether the entry at this normalized path goes into the context. */
  includes(path: string): boolean;
  /** Whether an excluded folder may still contain included entries, so a walk must enter it. */
  mayIncludeUnder(folder: string): boolean;
}

/**
 * Creates the filter that `.dockerignore` describes, matching case-sensitively as Docker does. The
 * Dockerfile and `.dockerignore` are always included, as the Docker CLI always sends them.
 */
export function createContextFilter(dockerignoreText: string | undefined, dockerfilePath: string): ContextFilter {
  const patterns = (dockerignoreText ?? "").split("\n").map((line) => line.replace(/\r$/, ""));
  const matcher = ignore({ ignorecase: false }).add(patterns);
  const hasExceptions = patterns.some((pattern) => pattern.trim().startsWith("!"));

  return {
    includes(path) {
      if (path === dockerfilePath || path === ".dockerignore") return true;
      return !matcher.ignores(path);
    },
    mayIncludeUnder(folder) {
      return hasExceptions || dockerfilePath.startsWith(`${folder}/`);
    },
  };
}
