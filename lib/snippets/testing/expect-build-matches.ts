import { expect } from "vitest";
import type { SnippetInput } from "../types";
import { findCommand, readCommandFlags } from "./read-command-flags";

/**
 * Checks that the build commands of a snippet build `input`: the Dockerfile path, the context, the
 * destination and the cache flags. `workspace` is where the checkout is for the Kaniko executor,
 * such as "$CI_PROJECT_DIR".
 */
export function expectBuildMatches(commands: readonly string[], input: SnippetInput, workspace: string): void {
  if (input.strategy === "kaniko") {
    const executor = readCommandFlags(findCommand(commands, "--destination="));
    const contextDir = input.context === "." ? workspace : `${workspace}/${input.context}`;

    expect(executor.flags.get("--context")).toEqual([`dir://${contextDir}`]);
    expect(executor.flags.get("--dockerfile")).toEqual([`${contextDir}/${input.dockerfilePath}`]);
    expect(executor.flags.get("--destination")).toEqual([input.destination]);
    if (input.cache.enabled) {
      expect(executor.flags.get("--cache")).toEqual(["true"]);
      expect(executor.flags.get("--cache-repo")).toEqual([input.cache.ref]);
    } else {
      expect(executor.flags.get("--cache")).toEqual(["false"]);
      expect(executor.flags.has("--cache-repo")).toBe(false);
    }
    return;
  }

  const buildCommand = findCommand(commands, "docker build");
  const build = readCommandFlags(buildCommand);
  const dockerfile = input.context === "." ? input.dockerfilePath : `${input.context}/${input.dockerfilePath}`;
  const buildkit = !(input.strategy === "socket" && input.mode === "classic");

  expect(build.words[0]).toBe(`DOCKER_BUILDKIT=${buildkit ? 1 : 0}`);
  expect(build.flags.get("--file")).toEqual([dockerfile]);
  expect(build.flags.get("--tag")).toEqual([input.destination]);
  expect(build.positional.at(-1)).toBe(input.context);
  expect(commands).toContain(`docker push ${input.destination}`);

  if (input.cache.enabled) {
    expect(build.flags.get("--cache-from")).toEqual([input.cache.ref]);
    expect(commands).toContain(`docker push ${input.cache.ref}`);
    if (buildkit) {
      expect(build.flags.get("--build-arg")).toEqual(["BUILDKIT_INLINE_CACHE=1"]);
    } else {
      // The classic builder reuses only layers of an image it already has.
      const pull = `docker pull ${input.cache.ref} || true`;
      expect(commands).toContain(pull);
      expect(commands.indexOf(pull)).toBeLessThan(commands.indexOf(buildCommand));
    }
  } else {
    expect(build.flags.has("--cache-from")).toBe(false);
    expect(commands.some((command) => command.includes(input.cache.ref))).toBe(false);
  }
}
