import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { StrategyName } from "../strategies/types";
import { generateJenkinsfile } from "./generate-jenkinsfile";
import { snippetInputFromComparison } from "./snippet-input-from-comparison";
import { expectBuildMatches } from "./testing/expect-build-matches";
import { makeComparisonView } from "./testing/make-comparison-view";
import { childBlock, readGroovyBlocks, tripleQuotedArgument } from "./testing/read-groovy-blocks";

interface PodContainer {
  name: string;
  image: string;
  securityContext?: { privileged?: boolean };
  volumeMounts?: { name: string; mountPath: string }[];
}

interface Pod {
  apiVersion: string;
  kind: string;
  spec: {
    containers: PodContainer[];
    volumes?: { name: string; hostPath?: { path: string }; secret?: { secretName: string } }[];
  };
}

const CASES: { strategy: StrategyName; mode: string; scenarios: string[]; containers: string[]; tools: string }[] = [
  { strategy: "socket", mode: "buildkit", scenarios: ["cold", "warm-change"], containers: ["docker"], tools: "docker" },
  { strategy: "socket", mode: "classic", scenarios: ["cold", "warm-same"], containers: ["docker"], tools: "docker" },
  { strategy: "dind", mode: "cold", scenarios: ["cold"], containers: ["docker", "dind"], tools: "docker" },
  { strategy: "kaniko", mode: "kubernetes", scenarios: ["cold", "warm-change"], containers: ["kaniko"], tools: "kaniko" },
  { strategy: "kaniko", mode: "kubernetes", scenarios: ["cold"], containers: ["kaniko"], tools: "kaniko" },
];

/** Reads the generated Jenkinsfile down to the pod template and the shell script of the build stage. */
function readJenkinsfile(text: string) {
  const root = readGroovyBlocks(text);
  const pipeline = childBlock(root, "pipeline");
  const kubernetes = childBlock(childBlock(pipeline, "agent"), "kubernetes");
  const pod = parse(tripleQuotedArgument(kubernetes, "yaml")) as Pod;
  const steps = childBlock(childBlock(childBlock(pipeline, "stages"), "stage('Build image')"), "steps");
  const [container] = steps.children;
  const script = tripleQuotedArgument(container, "sh");
  return { root, pipeline, pod, container, commands: script.split("\n").map((line) => line.trim()).filter(Boolean) };
}

function generate(strategy: StrategyName, mode: string, scenarios: string[]) {
  const view = makeComparisonView({ scenarios });
  const input = snippetInputFromComparison(view, { strategy, mode }, { destination: "ghcr.io/acme/web:1.2", context: "services/web" });
  return { input, file: generateJenkinsfile(input) };
}

describe("generateJenkinsfile", () => {
  it.each(CASES)("builds $strategy ($mode) for $scenarios", ({ strategy, mode, scenarios, containers, tools }) => {
    const { input, file } = generate(strategy, mode, scenarios);
    const { root, pod, container, commands } = readJenkinsfile(file.text);

    expect(file.filename).toBe("Jenkinsfile");
    expect(root.children.map((block) => block.header)).toEqual(["pipeline"]);
    expect(pod.apiVersion).toBe("v1");
    expect(pod.kind).toBe("Pod");
    expect(pod.spec.containers.map((entry) => entry.name)).toEqual(containers);
    expect(container.header).toBe(`container('${tools}')`);
    expectBuildMatches(commands, input, "$WORKSPACE");
  });

  it("keeps backslashes out of Groovy strings", () => {
    for (const { strategy, mode, scenarios } of CASES) {
      expect(generate(strategy, mode, scenarios).file.text).not.toContain("\\");
    }
  });

  it("mounts the node's socket for socket", () => {
    const { pod } = readJenkinsfile(generate("socket", "buildkit", ["cold"]).file.text);

    expect(pod.spec.volumes).toEqual([{ name: "docker-socket", hostPath: { path: "/var/run/docker.sock", type: "Socket" } }]);
    expect(pod.spec.containers[0].volumeMounts).toEqual([{ name: "docker-socket", mountPath: "/var/run/docker.sock" }]);
  });

  it("makes only the dind sidecar privileged", () => {
    const { input, file } = generate("dind", "cold", ["cold"]);
    const { pod } = readJenkinsfile(file.text);
    const [client, daemon] = pod.spec.containers;

    expect(daemon.image).toBe(input.images.dind);
    expect(daemon.securityContext?.privileged).toBe(true);
    expect(client.securityContext?.privileged).toBeUndefined();
    expect(pod.spec.volumes?.some((volume) => volume.hostPath)).toBe(false);
  });

  it("runs Kaniko unprivileged with registry credentials", () => {
    const { input, file } = generate("kaniko", "kubernetes", ["cold"]);
    const { pipeline, pod } = readJenkinsfile(file.text);
    const [kaniko] = pod.spec.containers;

    expect(kaniko.image).toBe(input.images.kaniko);
    expect(kaniko.securityContext?.privileged).toBeUndefined();
    expect(kaniko.volumeMounts).toContainEqual({ name: "registry-credentials", mountPath: "/kaniko/.docker", readOnly: true });
    expect(pod.spec.volumes?.[0].secret?.secretName).toBe("registry-credentials");
    expect(pipeline.children.map((block) => block.header)).not.toContain("environment");
  });

  it("logs in with Jenkins credentials for Docker", () => {
    const { pipeline, commands } = readJenkinsfile(generate("dind", "cold", ["cold"]).file.text);
    const environment = childBlock(pipeline, "environment");

    expect(environment.statements).toEqual(["REGISTRY = credentials('registry-credentials')"]);
    expect(commands).toContain('echo "$REGISTRY_PSW" | docker login ghcr.io --username "$REGISTRY_USR" --password-stdin');
  });
});

describe("readGroovyBlocks", () => {
  it("rejects unbalanced braces", () => {
    expect(() => readGroovyBlocks("pipeline {\n  agent {\n}")).toThrow(/left open: pipeline/);
    expect(() => readGroovyBlocks("pipeline { } }")).toThrow(/unbalanced/);
  });

  it("ignores braces inside strings and comments", () => {
    const root = readGroovyBlocks("a {\n  sh '''echo }'''\n  // }\n  b('{') {\n  }\n}\n");

    expect(childBlock(root, "a").statements).toEqual(["sh '''echo }'''"]);
    expect(childBlock(childBlock(root, "a"), "b('{')").children).toEqual([]);
  });
});
