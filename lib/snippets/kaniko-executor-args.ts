import { joinContextPath } from "./join-context-path";
import { shellQuote } from "./shell-quote";
import type { SnippetInput } from "./types";

/** Path of the executor in Kaniko's images. */
export const KANIKO_EXECUTOR = "/kaniko/executor";

/**
 * Builds the Kaniko executor's arguments, shell-quoted, for a checkout at `workspace`, which may be
 * a shell variable such as "$CI_PROJECT_DIR". The Dockerfile path is absolute, so that it does not
 * depend on the executor's working folder. Like Buildlab's own runs, the cache is off for cold
 * builds and kept in the registry for warm ones.
 */
export function kanikoExecutorArgs(input: SnippetInput, workspace: string): string[] {
  const args = [
    `--context=dir://${joinContextPath(workspace, input.context)}`,
    `--dockerfile=${joinContextPath(workspace, input.context, input.dockerfilePath)}`,
    `--destination=${shellQuote(input.destination)}`,
  ];
  if (input.cache.enabled) {
    args.push("--cache=true", `--cache-repo=${shellQuote(input.cache.ref)}`);
  } else {
    args.push("--cache=false");
  }
  return args;
}
