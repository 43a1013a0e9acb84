import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { StrategyName } from "../strategies/types";
import { generateGitlabJob } from "./generate-gitlab-job";
import { snippetInputFromComparison } from "./snippet-input-from-comparison";
import { expectBuildMatches } from "./testing/expect-build-matches";
import { makeComparisonView } from "./testing/make-comparison-view";

interface GitlabJob {
  image: string | { name: string; entrypoint: string[] };
  services?: { name: string; alias: string }[];
  variables?: Record<string, string>;
  script: string[];
}

const CASES: { strategy: StrategyName; mode: string; scenarios: string[] }[] = [
  { strategy: "socket", mode: "buildkit", scenarios: ["cold", "warm-change"] },
  { strategy: "socket", mode: "classic", scenarios: ["cold", "warm-same"] },
  { strategy: "socket", mode: "buildkit", scenarios: ["cold"] },
  { strategy: "dind", mode: "cold", scenarios: ["cold", "warm-change"] },
  { strategy: "kaniko", mode: "kubernetes", scenarios: ["cold", "warm-change"] },
  { strategy: "kaniko", mode: "kubernetes", scenarios: ["cold"] },
];

function generate(strategy: StrategyName, mode: string, scenarios: string[]) {
  const view = makeComparisonView({ scenarios });
  const input = snippetInputFromComparison(view, { strategy, mode }, { destination: "ghcr.io/acme/web:1.2", context: "services/web" });
  const file = generateGitlabJob(input);
  const job = (parse(file.text) as Record<string, GitlabJob>)["build-image"];
  return { input, file, job };
}

describe("generateGitlabJob", () => {
  it.each(CASES)("builds $strategy ($mode) for $scenarios", ({ strategy, mode, scenarios }) => {
    const { input, file, job } = generate(strategy, mode, scenarios);

    expect(file.filename).toBe(".gitlab-ci.yml");
    expect(job).toBeDefined();
    expectBuildMatches(job.script, input, "$CI_PROJECT_DIR");
  });

  it("logs in to the destination registry", () => {
    const { job } = generate("socket", "buildkit", ["cold"]);

    expect(job.script[0]).toBe('echo "$REGISTRY_PASSWORD" | docker login ghcr.io --username "$REGISTRY_USER" --password-stdin');
  });

  it("mounts nothing for the socket job", () => {
    const { input, job } = generate("socket", "buildkit", ["cold"]);

    expect(job.image).toBe(input.images.dockerCli);
    expect(job.services).toBeUndefined();
    expect(job.variables?.DOCKER_HOST).toBe("unix:///var/run/docker.sock");
  });

  it("runs a TLS dind service", () => {
    const { input, job } = generate("dind", "cold", ["cold"]);

    expect(job.services).toEqual([{ name: input.images.dind, alias: "docker" }]);
    expect(job.variables).toMatchObject({ DOCKER_HOST: "tcp://docker:2376", DOCKER_TLS_CERTDIR: "/certs", DOCKER_TLS_VERIFY: "1" });
  });

  it("runs Kaniko's debug image without entrypoint", () => {
    const { input, job } = generate("kaniko", "kubernetes", ["cold"]);

    expect(job.image).toEqual({ name: input.images.kaniko, entrypoint: [""] });
    expect(job.script.at(-1)).toMatch(/^\/kaniko\/executor /);
    expect(job.script.some((command) => command.includes("/kaniko/.docker/config.json") && command.includes("ghcr.io"))).toBe(true);
  });
});
