import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { StrategyName } from "../strategies/types";
import { generateGithubWorkflow } from "./generate-github-workflow";
import { snippetInputFromComparison } from "./snippet-input-from-comparison";
import { expectBuildMatches } from "./testing/expect-build-matches";
import { makeComparisonView } from "./testing/make-comparison-view";

interface Step {
  uses?: string;
  name?: string;
  run?: string;
  with?: Record<string, string>;
}

interface Job {
  "runs-on": string;
  services?: Record<string, { image: string; options?: string; env?: Record<string, string>; ports?: string[] }>;
  env?: Record<string, string>;
  steps: Step[];
}

const CASES: { strategy: StrategyName; mode: string; scenarios: string[] }[] = [
  { strategy: "socket", mode: "buildkit", scenarios: ["cold", "warm-change"] },
  { strategy: "socket", mode: "classic", scenarios: ["cold", "warm-same"] },
  { strategy: "dind", mode: "cold", scenarios: ["cold"] },
  { strategy: "dind", mode: "cold", scenarios: ["cold", "warm-same"] },
  { strategy: "kaniko", mode: "kubernetes", scenarios: ["cold", "warm-change"] },
  { strategy: "kaniko", mode: "kubernetes", scenarios: ["cold"] },
];

function generate(strategy: StrategyName, mode: string, scenarios: string[], context = "services/web") {
  const view = makeComparisonView({ scenarios });
  const input = snippetInputFromComparison(view, { strategy, mode }, { destination: "ghcr.io/acme/web:1.2", context });
  const file = generateGithubWorkflow(input);
  const workflow = parse(file.text) as { on: unknown; jobs: Record<string, Job> };
  const job = workflow.jobs["build-image"];
  const commands = job.steps.flatMap((step) => (step.run ? step.run.split("\n") : []));
  return { input, file, workflow, job, commands };
}

describe("generateGithubWorkflow", () => {
  it.each(CASES)("builds $strategy ($mode) for $scenarios", ({ strategy, mode, scenarios }) => {
    const { input, file, job, commands } = generate(strategy, mode, scenarios);

    expect(file.filename).toBe(".github/workflows/build-image.yml");
    expect(job["runs-on"]).toBe("ubuntu-latest");
    expectBuildMatches(commands, input, "/workspace");
  });

  it("builds a context at the repository root", () => {
    const { input, commands } = generate("socket", "buildkit", ["cold"], ".");

    expect(input.context).toBe(".");
    expectBuildMatches(commands, input, "/workspace");
  });

  it("checks out and logs in first", () => {
    const { job } = generate("socket", "buildkit", ["cold"]);

    expect(job.steps[0].uses).toBe("actions/checkout@v4");
    expect(job.steps[1].uses).toBe("docker/login-action@v3");
    expect(job.steps[1].with?.registry).toBe("ghcr.io");
    expect(job.steps[1].with?.password).toBe("${{ secrets.REGISTRY_PASSWORD }}");
  });

  it("publishes the dind service on loopback only", () => {
    const { input, job } = generate("dind", "cold", ["cold"]);

    expect(job.services?.dind.image).toBe(input.images.dind);
    expect(job.services?.dind.options).toBe("--privileged");
    expect(job.services?.dind.ports).toEqual(["127.0.0.1:2375:2375"]);
    expect(job.env?.DOCKER_HOST).toBe("tcp://127.0.0.1:2375");
  });

  it("mounts the checkout into the Kaniko container", () => {
    const { input, commands } = generate("kaniko", "kubernetes", ["cold"]);
    const [command] = commands.filter((line) => line.startsWith("docker run"));

    expect(command).toContain('--volume "$GITHUB_WORKSPACE:/workspace:ro"');
    expect(command).toContain('--volume "$HOME/.docker/config.json:/kaniko/.docker/config.json:ro"');
    expect(command).toContain(`--entrypoint /kaniko/executor ${input.images.kaniko} `);
  });
});
