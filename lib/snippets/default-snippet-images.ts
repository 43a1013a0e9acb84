import type { SnippetImages } from "./types";

/**
 * Public images the generated pipelines use unless the caller names others.
 * NOTE: the upstream Kaniko project (gcr.io/kaniko-project) was archived in 2025, and these snippets
 * pin its release v1.24.0. Teams that use a maintained fork should pass its executor image instead.
 */
export const DEFAULT_SNIPPET_IMAGES: SnippetImages = {
  dockerCli: "docker:27-cli",
  dind: "docker:27-dind",
  kaniko: "gcr.io/kaniko-project/executor:v1.24.0-debug",
};
