export interface ExecutorArgsInput {
  /** Path of the Dockerfile inside the context. */
  dockerfilePath: string;
  imageRef: string;
  push: boolean;
  /** "cold" turns the layer cache off; the warm scenarios read and fill `cacheRepo`. */
  scenario: string;
  cacheRepo: string;
  /** Registries (host:port) reached over plain HTTP without TLS checks. */
  insecureRegistries: readonly string[];
  /** Path of the file the executor writes the built image's manifest digest to. */
  digestPath: string;
}

/**
 * Builds the executor's command-line arguments, the same for both runners.
 * Flags are documented in the executor's `--help` (github.com/chainguard-dev/kaniko v1.25.1).
 */
export function buildExecutorArgs(input: ExecutorArgsInput): string[] {
  const args = [
    `--dockerfile=${normalizeDockerfilePath(input.dockerfilePath)}`,
    // The runner writes the gzipped context tar to the executor's stdin and then closes it.
    "--context=tar://stdin",
    `--destination=${input.imageRef}`,
    `--digest-file=${input.digestPath}`,
  ];
  if (!input.push) args.push("--no-push");

  // The registry-scoped flags allow plain HTTP for these registries only, where --insecure and
  // --insecure-pull would allow it for every registry a Dockerfile names.
  for (const registry of input.insecureRegistries) {
    args.push(`--insecure-registry=${registry}`, `--skip-tls-verify-registry=${registry}`);
  }

  if (input.scenario === "cold") {
    args.push("--cache=false");
  } else {
    args.push("--cache=true", `--cache-repo=${input.cacheRepo}`);
  }

  // Plain text with a timestamp on every line is what the log parser reads.
  args.push("--log-format=text", "--log-timestamp", "--verbosity=info");
  return args;
}

function normalizeDockerfilePath(dockerfilePath: string): string {
  const trimmed = dockerfilePath.replace(/^(\.\/|\/)+/, "");
  return trimmed || "Dockerfile";
}
