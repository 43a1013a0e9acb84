import { shellQuote } from "./shell-quote";
import type { SnippetInput } from "./types";

/**
 * Builds the shell commands that build and push the image with the Docker CLI, run from the root
 * of the checked-out repository. BuildKit is on except for the socket strategy's classic mode.
 * With the cache on, BuildKit reads the registry cache image with --cache-from and writes its cache
 * metadata into the pushed image (BUILDKIT_INLINE_CACHE), while the classic builder can only reuse
 * layers of an image it has pulled.
 */
export function dockerBuildCommands(input: SnippetInput): string[] {
  const buildkit = !(input.strategy === "socket" && input.mode === "classic");
  const dockerfile = joinRelative(input.context, input.dockerfilePath);
  const cacheRef = shellQuote(input.cache.ref);
  const destination = shellQuote(input.destination);

  const build = [`DOCKER_BUILDKIT=${buildkit ? 1 : 0}`, "docker", "build", `--file=${shellQuote(dockerfile)}`, `--tag=${destination}`];
  if (input.cache.enabled) {
    build.push(`--cache-from=${cacheRef}`);
    if (buildkit) build.push("--build-arg=BUILDKIT_INLINE_CACHE=1");
  }
  build.push(shellQuote(input.context));

  const commands: string[] = [];
  if (input.cache.enabled && !buildkit) commands.push(`docker pull ${cacheRef} || true`);
  commands.push(build.join(" "), `docker push ${destination}`);
  if (input.cache.enabled) commands.push(`docker tag ${destination} ${cacheRef}`, `docker push ${cacheRef}`);
  return commands;
}

function joinRelative(context: string, inside: string): string {
  return context === "." ? inside : `${context}/${inside}`;
}
