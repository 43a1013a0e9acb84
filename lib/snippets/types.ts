import type { StrategyName } from "../strategies/types";

/** Images the generated pipelines run. Defaults are in default-snippet-images.ts. */
export interface SnippetImages {
  /** Docker CLI, for the socket and Docker-in-Docker strategies. */
  dockerCli: string;
  /** Docker daemon for the Docker-in-Docker sidecar or service. */
  dind: string;
  /** Kaniko executor with a shell (a "-debug" tag), because CI systems run their scripts in it. */
  kaniko: string;
}

/** The build a pipeline snippet does, taken from one comparison and one of its strategies. */
export interface SnippetInput {
  comparisonId: string;
  strategy: StrategyName;
  /** The strategy's mode, such as "buildkit" or "classic" for the socket strategy. */
  mode?: string;
  /** Folder of the build context, relative to the repository root ("." for the root). */
  context: string;
  /** Path of the Dockerfile inside the context. */
  dockerfilePath: string;
  /** Reference the built image is pushed as. */
  destination: string;
  /** Registry of `destination`, as host[:port], for logging in. */
  registry: string;
  /**
   * Layer cache in the registry, on when the comparison measured warm builds. `ref` is a
   * repository for Kaniko (--cache-repo) and an image reference for Docker (--cache-from).
   */
  cache: { enabled: boolean; ref: string };
  images: SnippetImages;
}

export type CiSystem = "jenkins" | "gitlab" | "github";

/** One ready-to-paste pipeline file. */
export interface SnippetFile {
  system: CiSystem;
  /** Path of the file in the repository. */
  filename: string;
  language: "groovy" | "yaml";
  text: string;
}

/** The three pipeline files of one strategy and mode. */
export interface StrategySnippets {
  strategy: StrategyName;
  mode?: string;
  destination: string;
  files: SnippetFile[];
}
